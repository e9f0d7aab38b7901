package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/refcase"
	"github.com/impartial/impartial/service"
)

// TestScanStreamedAsBefore checks that POST /v1/scan, which writes its
// mentions as they are found, answers byte for byte what writeJSON gave the
// whole response built from ScanText: texts with no mention, with
// mentions, and with strings that encoding/json escapes.
func TestScanStreamedAsBefore(t *testing.T) {
	s, _ := testdb.SQLite(t)
	e := newEnv(t, s)
	// Two more named Sessions: "Sessions" alone is then one mention of
	// three entities.
	if _, err := e.svc.Import(context.Background(), strings.NewReader(`{"record":"header","format":"impartial-records","version":1}
{"record":"entity","id":"pete-sessions","kind":"person","name":"Pete Sessions"}
{"record":"entity","id":"sessions-llc","kind":"company","name":"Sessions","aliases":["Sessions <&> LLC"]}
`), "test", service.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{
		"Sessions’ office said “no” <again>.",
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
	var got struct{ Items []map[string]any }
	if err := json.Unmarshal(e.do("ethics", "POST", "/v1/scan", "Sessions said.", "Content-Type", "text/plain").body, &got); err != nil || len(got.Items) != 1 {
		t.Fatalf("scan of an ambiguous name: %v %+v", err, got)
	}
	m := got.Items[0]
	var cands []string
	for _, c := range m["candidates"].([]any) {
		cands = append(cands, c.(map[string]any)["entity"].(string))
	}
	if m["entity"] != "" || m["count"] != 3.0 || m["by_name"] != 1.0 || strings.Join(cands, ",") != "sessions-llc,sessions,pete-sessions" ||
		!strings.HasPrefix(m["why"].(string), `"Sessions" is the name of 1 entity and the family name of 2 more people; the text does not say which.`) {
		t.Errorf("an ambiguous mention: %v (candidates %v)", m, cands)
	}
	if r := e.do("covered", "POST", "/v1/scan", "Jeff Sessions", "Content-Type", "text/plain"); r.code != 403 {
		t.Errorf("a covered person's scan: %d %s", r.code, r.body)
	}
}
