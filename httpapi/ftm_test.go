package httpapi

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/internal/testdb"
)

func TestFtMImportOverHTTP(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		e := newEnv(t, s)
		ndjson := []string{"Content-Type", "application/x-ndjson"}
		body := `{"id":"ftm-a","schema":"Person","properties":{"name":["Ann Ftm"]}}
{"id":"ftm-b","schema":"Company","properties":{"name":["B Ftm Corp"]}}
not json
{"id":"ftm-pay","schema":"Payment","properties":{}}
{"id":"ftm-own","schema":"Ownership","properties":{"owner":["ftm-a"],"asset":["ftm-b"],"percentage":["30"]}}
`
		if r := e.do("ethics", "POST", "/v1/import?format=ftm&strict=true&screen=false", body, ndjson...); r.code != 400 || !strings.Contains(string(r.body), "body:3") {
			t.Errorf("strict FtM import with a bad line: %d %s", r.code, r.body)
		}
		r := e.do("ethics", "POST", "/v1/import?format=ftm&screen=false", body, ndjson...)
		var sum importSummary
		if err := json.Unmarshal(r.body, &sum); r.code != 200 || err != nil {
			t.Fatalf("FtM import: %d %s", r.code, r.body)
		}
		if sum.Created["entity"] != 2 || sum.Created["relationship"] != 1 || sum.RejectedCount != 1 ||
			len(sum.Rejected) != 1 || !strings.HasPrefix(sum.Rejected[0], "body:3:") ||
			sum.Skipped["Payment: impartial has no record for this schema"] != 1 || sum.BySchema["Ownership"].Created != 1 {
			t.Errorf("FtM import summary: %s", r.body)
		}
	})
}
