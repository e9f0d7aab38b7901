package dataset

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

// FuzzReader: whatever the bytes, the reader neither panics nor loops; every
// problem is a *LineError naming a line of the input; and every record it
// returns names itself.
func FuzzReader(f *testing.F) {
	for _, s := range []string{
		`{"record":"header","format":"impartial-records","version":1}` + "\n" + `{"record":"entity","id":"a","kind":"person","name":"A"}`,
		`{"record":"matter","id":"m","title":"T","kind":"case","opened":"2017-05","closed":"2016"}`,
		`{"record":"relationship","id":"r","from":"a","to":"b","type":"holding","amount":{"min":1.5}}`,
		"\xef\xbb\xbf{\"record\":\"entity\"}", "{", "[]", "{\"record\":\"nope\"}\n\n{\"record\":\"header\"}",
		`{"record":"contact","id":"c","participants":["a","a"],"date":"2016-02-30"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte("\n")) + 1
		r := NewReader(bytes.NewReader(data), "f.jsonl")
		for i := 0; ; i++ {
			if i > lines+1 {
				t.Fatalf("more results than lines (%d)", lines)
			}
			rec, err := r.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				var le *LineError
				if !errors.As(err, &le) || le.Line < 1 || le.Line > lines+1 {
					t.Fatalf("error %v (%T) does not name a line of %d", err, err, lines)
				}
				if le.Line != r.Line() {
					return // the stream itself failed; the reader stops
				}
				continue
			}
			if rec.Label() == "" {
				t.Fatalf("a record without a label: %#v", rec)
			}
		}
	})
}
