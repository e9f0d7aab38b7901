package httpapi

// Status maps an error to the HTTP status the API answers it with, so that
// the web pages answer with the same one.
func Status(err error) int {
	code, _ := status(err)
	return code
}
