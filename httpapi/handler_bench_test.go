package httpapi

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/impartial/impartial/internal/testdb"
)

// BenchmarkHandlerCheck measures one wall check through the API's whole
// handler (authentication, query checks, metrics, the request log, the
// JSON answer) without a network, with the log discarded and written as
// JSON: what the route table and middleware add to the service's check.
func BenchmarkHandlerCheck(b *testing.B) {
	s, _ := testdb.SQLite(b)
	e := newEnv(b, s)
	for _, logged := range []bool{false, true} {
		name := "nolog"
		api := New(e.svc, nil)
		if logged {
			name = "jsonlog"
			api = New(e.svc, slog.New(slog.NewJSONHandler(io.Discard, nil)))
		}
		b.Run(name, func(b *testing.B) {
			req := httptest.NewRequest("GET", "/v1/check?person=sessions&action=view&matter=m-pharma", nil)
			req.Header.Set("Authorization", "Bearer "+e.tokens["service"])
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				api.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatal(w.Code, w.Body.String())
				}
			}
		})
	}
}
