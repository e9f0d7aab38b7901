package service_test

import (
	"context"
	"strings"
	"testing"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/service"
)

// TestImportBadInputMessages: each kind of bad file is refused on both
// stores with the file, line, field and problem in words, and nothing of it
// is written.
func TestImportBadInputMessages(t *testing.T) {
	ent := `{"record":"entity","id":"a","kind":"person","name":"A"}`
	for _, tc := range []struct{ name, file, want string }{
		{"byte-order mark", "\xef\xbb\xbf" + ent, "b.jsonl:1: starts with a byte-order mark"},
		{"header not first", ent + "\n" + `{"record":"header","format":"impartial-records","version":1}`, "b.jsonl:2: a format header is allowed only as the first line"},
		{"fractional amount", ent + "\n" + `{"record":"entity","id":"c","kind":"company","name":"C"}` + "\n" +
			`{"record":"relationship","id":"r","from":"a","to":"c","type":"holding","amount":{"min":1.5,"max":2}}`, `b.jsonl:3: relationship "r": field "amount.min": 1.5 is not a whole number`},
		{"closed before opened", `{"record":"matter","id":"m","title":"T","kind":"civil_case","opened":"2017-05-01","closed":"2016-01-01"}`,
			`b.jsonl:1: matter "m": field "closed": the matter closed on 2016-01-01, before it opened on 2017-05-01`},
		{"NUL in an id", `{"record":"entity","id":"a\u0000b","kind":"person","name":"A"}`, `b.jsonl:1: entity "a\x00b": field "id": "a\x00b" contains a NUL character`},
		{"invalid UTF-8 in an id", "{\"record\":\"entity\",\"id\":\"a\xffb\",\"kind\":\"person\",\"name\":\"A\"}", `b.jsonl:1: is not valid UTF-8 (the first bad byte is at column 27)`},
		{"id too long", `{"record":"entity","id":"` + strings.Repeat("x", 201) + `","kind":"person","name":"A"}`, `field "id": is longer than 200 characters`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, s impartial.Store) {
				ctx := context.Background()
				svc := service.New(s)
				_, err := svc.Import(ctx, strings.NewReader(tc.file), "b.jsonl", service.ImportOptions{Screen: true})
				if impartial.KindOf(err) != impartial.Invalid || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("got %v, want an invalid-input error containing %q", err, tc.want)
				}
				c, err := svc.Counts(ctx, impartial.Actor{ID: "e", Role: impartial.Ethics})
				if err != nil {
					t.Fatal(err)
				}
				for k, n := range c {
					if n != 0 && k != "audit" {
						t.Errorf("after a refused import the store holds %d %s", n, k)
					}
				}
			})
		})
	}
}
