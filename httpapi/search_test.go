package httpapi

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/impartial/impartial"
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

// TestStorePagedListings: who is walled from a matter, and a covered
// person's own recusals, page with their cursors to the same list as one
// page.
func TestStorePagedListings(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		e := newEnv(t, s)
		for _, p := range []string{"cov-a", "cov-b", "cov-c"} {
			if r := e.do("ethics", "POST", "/v1/entities", `{"id":"`+p+`","kind":"person","name":"Person `+p+`","coverage":{"regime":"doj","position":"attorney"}}`); r.code != 201 {
				t.Fatalf("%s: %d %s", p, r.code, r.body)
			}
			if r := e.do("ethics", "POST", "/v1/recusals", `{"id":"rec-`+p+`","person":"`+p+`","effective":"2017-01-01","matters":["m-pharma"],"scope_text":"the pharma matter","basis":"test"}`); r.code != 201 {
				t.Fatalf("recusal of %s: %d %s", p, r.code, r.body)
			}
		}
		for _, n := range []string{"1", "2"} {
			if r := e.do("ethics", "POST", "/v1/recusals", `{"id":"rec-sessions-`+n+`","person":"sessions","effective":"2017-01-01","matters":["m-pharma"],"scope_text":"the pharma matter","basis":"test"}`); r.code != 201 {
				t.Fatalf("recusal %s of sessions: %d %s", n, r.code, r.body)
			}
		}
		keys := func(role, path, items, key string) ([]string, string) {
			r := e.do(role, "GET", path, "")
			if r.code != 200 {
				t.Fatalf("%s: %d %s", path, r.code, r.body)
			}
			v := r.json(t)
			var out []string
			for _, it := range v[items].([]any) {
				out = append(out, fmt.Sprint(it.(map[string]any)[key]))
			}
			return out, v["next"].(string)
		}
		for _, tc := range []struct {
			role, path, items, key string
			want                   []string
		}{
			{"ethics", "/v1/matters/m-pharma/walled", "walled", "person", []string{"cov-a", "cov-b", "cov-c", "sessions"}},
			{"covered", "/v1/me/recusals", "items", "id", nil},
		} {
			all, next := keys(tc.role, tc.path, tc.items, tc.key)
			if next != "" || len(all) < 3 || tc.want != nil && !slices.Equal(all, tc.want) {
				t.Errorf("%s in one page: %v next %q, want %v", tc.path, all, next, tc.want)
			}
			var paged []string
			path := tc.path + "?limit=1"
			for range len(all) + 1 {
				page, next := keys(tc.role, path, tc.items, tc.key)
				if len(page) > 1 {
					t.Fatalf("%s: a page of %d, want at most 1", path, len(page))
				}
				paged = append(paged, page...)
				if next == "" {
					break
				}
				path = tc.path + "?limit=1&after=" + next
			}
			if !slices.Equal(paged, all) {
				t.Errorf("%s paged: %v, want %v", tc.path, paged, all)
			}
		}
		e.validateAll()
	})
}
