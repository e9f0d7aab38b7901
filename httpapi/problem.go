package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/dataset"
)

// Problem is an error response in the form of RFC 9457
// (application/problem+json), with the list of field problems that made a
// request invalid, so that a client can show each next to its field.
type Problem struct {
	Type   string         `json:"type"`
	Title  string         `json:"title"`
	Status int            `json:"status"`
	Detail string         `json:"detail"`
	Errors []FieldProblem `json:"errors,omitempty"`
}

// FieldProblem is one thing wrong with a request: in which record (and, for
// an import, on which line), which field, and what.
type FieldProblem struct {
	Line    int    `json:"line,omitempty"`
	Record  string `json:"record,omitempty"`
	Field   string `json:"field,omitempty"`
	Problem string `json:"problem"`
}

// httpError is an error about the HTTP request itself rather than the
// domain: a missing precondition, a body too large, a wrong media type.
type httpError struct {
	code  int
	field string
	msg   string
}

func (e *httpError) Error() string {
	if e.field != "" {
		return fmt.Sprintf("field %q: %s", e.field, e.msg)
	}
	return e.msg
}

// status maps an error to its HTTP status and problem type: the one place
// that does. Domain errors map by kind; errors of HTTP itself carry their
// status.
func status(err error) (int, string) {
	var he *httpError
	if errors.As(err, &he) {
		return he.code, problemType(he.code)
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge, "too-large"
	}
	switch impartial.KindOf(err) {
	case impartial.Invalid:
		return http.StatusBadRequest, "invalid"
	case impartial.NotFound:
		return http.StatusNotFound, "not-found"
	case impartial.Conflict:
		return http.StatusConflict, "conflict"
	case impartial.Forbidden:
		return http.StatusForbidden, "forbidden"
	case impartial.Unavailable:
		return http.StatusServiceUnavailable, "unavailable"
	case impartial.Stale:
		return http.StatusPreconditionFailed, "stale"
	}
	return http.StatusInternalServerError, "internal"
}

func problemType(code int) string {
	switch code {
	case http.StatusUnauthorized:
		return "unauthenticated"
	case http.StatusPreconditionRequired:
		return "precondition-required"
	case http.StatusUnsupportedMediaType:
		return "unsupported-media-type"
	case http.StatusRequestEntityTooLarge:
		return "too-large"
	case http.StatusNotFound:
		return "not-found"
	case http.StatusMethodNotAllowed:
		return "method-not-allowed"
	case http.StatusTooManyRequests:
		return "too-many-requests"
	}
	return "invalid"
}

// problemOf builds the problem document of an error.
func problemOf(err error) (int, *Problem) {
	code, typ := status(err)
	p := &Problem{Type: "https://impartial.example/problems/" + typ, Title: http.StatusText(code), Status: code, Detail: err.Error()}
	if code == http.StatusInternalServerError {
		p.Detail = "internal error; it has been logged"
		return code, p
	}
	var he *httpError
	if errors.As(err, &he) && he.field != "" {
		p.Errors = append(p.Errors, FieldProblem{Field: he.field, Problem: he.msg})
	}
	collect(err, 0, &p.Errors)
	return code, p
}

// collect gathers the field problems in an error tree: every *impartial.Error
// that names a record or field, with the line of an import file it is on.
func collect(err error, line int, out *[]FieldProblem) {
	var le *dataset.LineError
	if errors.As(err, &le) && le == err {
		collect(le.Err, le.Line, out)
		return
	}
	if e, ok := err.(*impartial.Error); ok && (e.Field != "" || e.Record != "") {
		msg := e.Msg
		if e.Err != nil {
			msg = strings.TrimPrefix(msg+": "+e.Err.Error(), ": ")
		}
		*out = append(*out, FieldProblem{Line: line, Record: e.Record, Field: e.Field, Problem: msg})
		return
	}
	switch u := err.(type) {
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			collect(e, line, out)
		}
	case interface{ Unwrap() error }:
		if e := u.Unwrap(); e != nil {
			collect(e, line, out)
		}
	default:
		if line > 0 {
			*out = append(*out, FieldProblem{Line: line, Problem: err.Error()})
		}
	}
}

func writeProblem(w http.ResponseWriter, p *Problem) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(p.Status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(p)
}

// decodeJSON reads a request body of one JSON object into v, strictly:
// unknown fields, wrong types, trailing data and a missing body are errors
// that name the field.
func decodeJSON(r *http.Request, v any) error {
	if err := mediaType(r, "application/json"); err != nil {
		return err
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return bodyProblem(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return impartial.FieldError("body", "", "must be one JSON value; there is more after it")
	}
	return nil
}

// bodyProblem turns a JSON decoding error into one that names the field.
func bodyProblem(err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return err
	case errors.Is(err, io.EOF):
		return impartial.FieldError("body", "", "is empty: send a JSON object")
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			return impartial.FieldError("body", "", "is a JSON %s, want an object", te.Value)
		}
		return impartial.FieldError("body", field, "is a JSON %s, want %s", te.Value, jsonTypeName(te.Type.Kind().String()))
	case errors.As(err, &se):
		return impartial.FieldError("body", "", "malformed JSON at byte %d: %v", se.Offset, err)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return impartial.FieldError("body", "", "malformed JSON: it ends early")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return impartial.FieldError("body", f, "is not a field of this request")
	}
	return impartial.FieldError("body", "", "malformed JSON: %v", err)
}

func jsonTypeName(kind string) string {
	switch kind {
	case "slice", "array":
		return "a list"
	case "struct", "map", "ptr":
		return "an object"
	case "bool":
		return "true or false"
	case "string":
		return "a string"
	}
	if strings.Contains(kind, "int") || strings.Contains(kind, "float") {
		return "a number"
	}
	return "a " + kind
}

// mediaType refuses a body that says it is not of the wanted type. A body
// with no Content-Type is read as the wanted type.
func mediaType(r *http.Request, want string) error {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return nil
	}
	mt, _, _ := strings.Cut(ct, ";")
	mt = strings.TrimSpace(strings.ToLower(mt))
	if mt == want || (want == "application/json" && strings.HasSuffix(mt, "+json")) {
		return nil
	}
	if want == "application/x-ndjson" && (mt == "application/jsonl" || mt == "application/json-lines" || mt == "text/plain") {
		return nil
	}
	return &httpError{code: http.StatusUnsupportedMediaType, field: "Content-Type", msg: fmt.Sprintf("%q is not accepted here; send %s", mt, want)}
}

// checkID validates an id from a path or query as records' ids are
// validated: present, at most 200 characters, no white space.
func checkID(field, id string) error {
	switch {
	case id == "":
		return impartial.FieldError("request", field, "is required")
	case len(id) > 200:
		return impartial.FieldError("request", field, "is longer than 200 characters")
	case strings.ContainsAny(id, " \t\r\n\x00"):
		return impartial.FieldError("request", field, "%q contains white space", id)
	}
	return nil
}
