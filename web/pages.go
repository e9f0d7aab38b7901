package web

// routes adds the pages beyond sign-in and findings.
func (s *Site) routes() {}
