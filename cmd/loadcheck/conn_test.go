package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestConn: the load program's HTTP/1.1 client reads what Go's server
// writes — a body with its length, a chunked body, a connection the server
// closes — and sends the token, on one connection reused across requests.
func TestConn(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" {
			http.Error(w, "no token", http.StatusUnauthorized)
			return
		}
		switch r.URL.Path {
		case "/length":
			w.Write([]byte(`{"allow":true}`))
		case "/chunked":
			w.Write([]byte(`{"allow":`))
			w.(http.Flusher).Flush()
			w.Write([]byte(strings.Repeat(" ", 5000) + `false}`))
		case "/close":
			w.Header().Set("Connection", "close")
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte(`{"allow":false}`))
		}
	}))
	defer srv.Close()
	c, err := dial(strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	for _, tc := range []struct {
		path, token string
		code        int
		allow, ok   bool
	}{
		{"/length", "tok", 200, true, true},
		{"/chunked", "tok", 200, false, true},
		{"/close", "tok", 503, false, false},
		{"/length", "tok", 200, true, true}, // after the server closed: dialled again
		{"/length", "bad", 401, false, false},
		{"/chunked", "tok", 200, false, true},
	} {
		code, body, err := c.get([]byte(tc.path), tc.token)
		if err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		if code != tc.code {
			t.Errorf("%s: got status %d, want %d", tc.path, code, tc.code)
		}
		allow, err := decision(code, body, nil)
		if ok := err == nil && code == 200; allow != tc.allow || ok != tc.ok {
			t.Errorf("%s: got allow %v ok %v (%q, %v), want %v %v", tc.path, allow, ok, body, err, tc.allow, tc.ok)
		}
	}
}
