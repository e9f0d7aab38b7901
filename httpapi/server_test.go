package httpapi_test

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/impartial/impartial/httpapi"
)

// TestServerLimits: a connection that stops sending headers halfway, sends
// its body a byte at a time, or sits idle after a request is closed by the
// server; headers past the limit get 431.
func TestServerLimits(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Write([]byte("ok\n"))
	})
	limits := httpapi.Limits{ReadHeader: 200 * time.Millisecond, Read: 300 * time.Millisecond, Write: time.Second,
		Idle: 200 * time.Millisecond, MaxHeaderBytes: 4 << 10}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := httpapi.NewServer(h, limits, nil)
	go srv.Serve(ln)
	defer srv.Close()
	tests := []struct {
		name string
		send func(c net.Conn) error
		want string // in what the server sends before it closes
	}{
		{"slow headers", func(c net.Conn) error {
			_, err := io.WriteString(c, "GET /v1/check HTTP/1.1\r\nHost: x\r\n")
			return err
		}, ""},
		{"slow body", func(c net.Conn) error {
			_, err := io.WriteString(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nx")
			return err
		}, ""},
		{"idle keep-alive", func(c net.Conn) error {
			_, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
			return err
		}, "ok"},
		{"huge headers", func(c net.Conn) error {
			_, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: "+strings.Repeat("a", 16<<10)+"\r\n\r\n")
			return err
		}, "431"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if err := tc.send(c); err != nil {
				t.Fatal(err)
			}
			// Far longer than every limit: a server without them keeps
			// the connection open past it.
			c.SetReadDeadline(time.Now().Add(10 * time.Second))
			got, err := io.ReadAll(bufio.NewReader(c))
			if errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatalf("the server kept the connection open: %q", got)
			}
			if !strings.Contains(string(got), tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
