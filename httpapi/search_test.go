package httpapi

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/impartial/impartial/internal/testdb"
)

// TestSearchPages: a search pages through its ranking with the cursor it
// answers, page by page the same hits in the same order as one page, and a
// cursor it did not give is a 400 naming after.
func TestSearchPages(t *testing.T) {
	s, _ := testdb.SQLite(t)
	e := newEnv(t, s)
	ids := func(path string) ([]string, string) {
		r := e.do("ethics", "GET", path, "")
		if r.code != 200 {
			t.Fatalf("%s: %d %s", path, r.code, r.body)
		}
		v := r.json(t)
		var out []string
		for _, it := range v["items"].([]any) {
			out = append(out, fmt.Sprint(it.(map[string]any)["entity"].(map[string]any)["id"]))
		}
		return out, v["next"].(string)
	}
	all, next := ids("/v1/search?q=Senate+Committee&limit=1000")
	if len(all) < 2 || next != "" {
		t.Fatalf("one page of everything: %v (next %q); want at least 2 hits and no next page", all, next)
	}
	var paged []string
	path := "/v1/search?q=Senate+Committee&limit=1"
	for range len(all) {
		page, next := ids(path)
		paged = append(paged, page...)
		if next == "" {
			break
		}
		path = "/v1/search?q=Senate+Committee&limit=1&after=" + next
	}
	if !slices.Equal(paged, all) {
		t.Errorf("paged: %v\nwant the one page: %v", paged, all)
	}
	if page, next := ids(fmt.Sprintf("/v1/search?q=Senate+Committee&after=%d", len(all))); len(page) != 0 || next != "" {
		t.Errorf("past the last hit: %v, next %q; want an empty last page", page, next)
	}
	for _, bad := range []string{"0", "-1", "x", "1000"} {
		r := e.do("ethics", "GET", "/v1/search?q=Senate+Committee&after="+bad, "")
		if r.code != 400 || !strings.Contains(string(r.body), `"field":"after"`) {
			t.Errorf("after=%s: %d %s; want 400 naming after", bad, r.code, r.body)
		}
	}
	e.validateAll()
}
