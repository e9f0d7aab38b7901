package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/refcase"
)

// TestScanStreamedAsBefore checks that POST /v1/scan, which writes its
// mentions as they are found, answers byte for byte what writeJSON gave the
// whole response built from ScanText: texts with no mention, with
// mentions, and with strings that encoding/json escapes.
func TestScanStreamedAsBefore(t *testing.T) {
	s, _ := testdb.SQLite(t)
	e := newEnv(t, s)
	for _, text := range []string{
		"The committee met on Tuesday.",
		"Attorney General Jeff Sessions met Ambassador Kislyak; Sessions’ office and the “Justice Department” <said> nothing & more.",
		strings.Repeat("Sen. Jeff Sessions and Сергей Кисляк met the Trump campaign. ", 3000),
	} {
		r := e.do("ethics", "POST", "/v1/scan", text, "Content-Type", "text/plain")
		if r.code != 200 {
			t.Fatalf("scan: %d %s", r.code, r.body)
		}
		ms, err := e.svc.ScanText(context.Background(), refcase.Ethics, text)
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(scanResponse{Items: orEmpty(ms)}); err != nil {
			t.Fatal(err)
		}
		if string(r.body) != want.String() {
			t.Errorf("%.40q…: streamed\n %.300s\nwant\n %.300s", text, r.body, want.String())
		}
		if len(ms) == 0 && text != "The committee met on Tuesday." {
			t.Errorf("%.40q…: no mentions, the case tests nothing", text)
		}
	}
	if r := e.do("covered", "POST", "/v1/scan", "Jeff Sessions", "Content-Type", "text/plain"); r.code != 403 {
		t.Errorf("a covered person's scan: %d %s", r.code, r.body)
	}
}
