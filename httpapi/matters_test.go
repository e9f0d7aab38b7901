package httpapi

import (
	"fmt"
	"testing"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/internal/testdb"
)

// TestMatterListRoutes: a matter's parties, topics and team change one entry
// at a time, each change against the ETag it was made on; duplicates are
// 409, missing entries 404, a stale ETag 412, none 428, a bad entry a 4xx
// naming the field, and nothing is written by a refused change; removing a
// topic that a recusal's scope rests on lifts a wall and needs
// allow_wall_changes; the wall check follows at once.
func TestMatterListRoutes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		e := newEnv(t, s)
		const m = "/v1/matters/m-special-counsel"
		tag := func() string { return e.do("ethics", "GET", m, "").header.Get("ETag") }
		lists := func() string {
			v := e.do("ethics", "GET", m, "").json(t)
			return fmt.Sprint(v["parties"], " ", v["topics"], " ", v["team"])
		}
		start := lists()
		for _, tc := range []struct {
			name, role, method, path, body string
			stale, noTag                   bool
			code                           int
			want                           string // the lists after, "" for unchanged
		}{
			{name: "no If-Match", role: "ethics", method: "POST", path: "/parties", body: `{"entity":"kislyak","role":"subject"}`, noTag: true, code: 428},
			{name: "stale ETag", role: "ethics", method: "POST", path: "/parties", body: `{"entity":"kislyak","role":"subject"}`, stale: true, code: 412},
			{name: "unknown entity", role: "ethics", method: "POST", path: "/parties", body: `{"entity":"nobody-at-all","role":"subject"}`, code: 400},
			{name: "no role", role: "ethics", method: "POST", path: "/parties", body: `{"entity":"kislyak"}`, code: 400},
			{name: "unknown field", role: "ethics", method: "POST", path: "/parties", body: `{"entity":"kislyak","role":"subject","rank":1}`, code: 400},
			{name: "covered person", role: "covered", method: "POST", path: "/parties", body: `{"entity":"kislyak","role":"subject"}`, code: 403},
			{name: "add party", role: "ethics", method: "POST", path: "/parties", body: `{"entity":"kislyak","role":"subject"}`, code: 200,
				want: "[map[entity:russia role:subject] map[entity:trump-campaign role:directly_affected] map[entity:kislyak role:subject]] [2016 presidential campaign Russian interference] [rosenstein]"},
			{name: "same party again", role: "ethics", method: "POST", path: "/parties", body: `{"entity":"kislyak","role":"subject"}`, code: 409},
			{name: "party by name", role: "matter_owner", method: "POST", path: "/parties", body: `{"name":"Carter Page","role":"target"}`, code: 200,
				want: "[map[entity:russia role:subject] map[entity:trump-campaign role:directly_affected] map[entity:kislyak role:subject] map[name:Carter Page role:target]] [2016 presidential campaign Russian interference] [rosenstein]"},
			{name: "remove by name", role: "ethics", method: "DELETE", path: "/parties?name=carter+page", code: 200,
				want: "[map[entity:russia role:subject] map[entity:trump-campaign role:directly_affected] map[entity:kislyak role:subject]] [2016 presidential campaign Russian interference] [rosenstein]"},
			{name: "remove in another role", role: "ethics", method: "DELETE", path: "/parties?entity=kislyak&role=victim", code: 404},
			{name: "remove neither", role: "ethics", method: "DELETE", path: "/parties", code: 400},
			{name: "remove party", role: "ethics", method: "DELETE", path: "/parties?entity=kislyak", code: 200,
				want: "[map[entity:russia role:subject] map[entity:trump-campaign role:directly_affected]] [2016 presidential campaign Russian interference] [rosenstein]"},
			{name: "add topic", role: "ethics", method: "POST", path: "/topics", body: `{"topic":"foreign contacts"}`, code: 200,
				want: "[map[entity:russia role:subject] map[entity:trump-campaign role:directly_affected]] [2016 presidential campaign Russian interference foreign contacts] [rosenstein]"},
			{name: "same topic again", role: "ethics", method: "POST", path: "/topics", body: `{"topic":"foreign contacts"}`, code: 409},
			{name: "empty topic", role: "ethics", method: "POST", path: "/topics", body: `{"topic":" "}`, code: 400},
			{name: "remove missing topic", role: "ethics", method: "DELETE", path: "/topics?topic=weather", code: 404},
			{name: "add member", role: "ethics", method: "POST", path: "/team", body: `{"member":"franken"}`, code: 200,
				want: "[map[entity:russia role:subject] map[entity:trump-campaign role:directly_affected]] [2016 presidential campaign Russian interference foreign contacts] [rosenstein franken]"},
			{name: "same member again", role: "ethics", method: "POST", path: "/team", body: `{"member":"franken"}`, code: 409},
			{name: "member id with space", role: "ethics", method: "POST", path: "/team", body: `{"member":"al franken"}`, code: 400},
			{name: "owner takes themself off", role: "matter_owner", method: "DELETE", path: "/team?member=rosenstein", code: 400},
			{name: "remove member", role: "ethics", method: "DELETE", path: "/team?member=franken", code: 200,
				want: "[map[entity:russia role:subject] map[entity:trump-campaign role:directly_affected]] [2016 presidential campaign Russian interference foreign contacts] [rosenstein]"},
		} {
			before, trail := lists(), e.trailLength()
			var h []string
			switch {
			case tc.stale:
				h = []string{"If-Match", `"0000"`}
			case !tc.noTag:
				h = []string{"If-Match", tag()}
			}
			r := e.do(tc.role, tc.method, m+tc.path, tc.body, h...)
			if r.code != tc.code {
				t.Errorf("%s: got %d %s, want %d", tc.name, r.code, r.body, tc.code)
			}
			after := lists()
			switch {
			case tc.want == "" && after != before:
				t.Errorf("%s: refused, but the matter changed: %s → %s", tc.name, before, after)
			case tc.want == "" && e.trailLength() != trail:
				t.Errorf("%s: refused, but the audit trail grew", tc.name)
			case tc.want != "" && after != tc.want:
				t.Errorf("%s: got %s, want %s", tc.name, after, tc.want)
			case tc.want != "" && r.header.Get("ETag") != tag():
				t.Errorf("%s: answered ETag %q, stored %q", tc.name, r.header.Get("ETag"), tag())
			}
		}
		if start == lists() {
			t.Fatal("nothing changed")
		}

		// Sessions' recusal covers the matter through its topic: removing the
		// topic would lift the wall, so it needs allow_wall_changes.
		check := func() any {
			return e.do("service", "GET", "/v1/check?person=sessions&matter=m-special-counsel", "").json(t)["allow"]
		}
		if got := check(); got != false {
			t.Fatalf("sessions on the Special Counsel matter before: allow %v, want false", got)
		}
		topic := m + "/topics?topic=2016+presidential+campaign"
		if r := e.do("ethics", "DELETE", topic, "", "If-Match", tag()); r.code != 409 {
			t.Errorf("removing the recusal's topic without allow_wall_changes: %d %s, want 409", r.code, r.body)
		}
		if got := check(); got != false {
			t.Errorf("after the refused removal: allow %v, want false", got)
		}
		if r := e.do("ethics", "DELETE", topic+"&allow_wall_changes=true", "", "If-Match", tag()); r.code != 200 {
			t.Errorf("removing the recusal's topic, allowed: %d %s", r.code, r.body)
		}
		e.validateAll()
	})
}
