package dataset

import (
	"fmt"
	"reflect"
	"testing"
)

// decodeLines are lines the one-pass decoding (decodeKind) takes, or must
// hand to decodeProbed: good records, a kind repeated further on, bad
// fields, malformed JSON, domain problems.
var decodeLines = []string{
	`{"record":"entity","id":"a","kind":"person","name":"A","aliases":["Ä"]}`,
	`{"record":"relationship","id":"r","from":"a","to":"b","type":"holding","amount":{"min":1,"max":2}}`,
	`{"record":"contact","id":"c","participants":["a","b"],"date":"2016-02-01"}`,
	`{"record":"matter","id":"m","title":"T","kind":"case","opened":"2017-05"}`,
	`{"record":"statement","id":"s","by":"a","date":"2016"}`,
	`{"record":"correction","id":"x","statement":"s","date":"2016"}`,
	`{"record":"event","id":"e","kind":"merger","entity":"a","into":"b","date":"2016"}`,
	`{"record":"header","format":"impartial-records","version":1}`,
	`{"record":"entity","id":"a","kind":"person","name":"A","record":"matter"}`,
	`{"record":"matter","id":"a","kind":"person","name":"A","record":"entity"}`,
	`{"record":"entity","id":"a","kind":"person","name":"A","colour":"red"}`,
	`{"record":"entity","id":"a","kind":"person","name":7}`,
	`{"record":"entity","id":"a","kind":"person","name":"A"`,
	`{"record":"entity","id":"a","kind":"person","name":"A"} {}`,
	`{"record":"relationship"}}`,
	`{"record":"entity","id":"a","kind":"person","name":"A"}]`,
	`{"record":"matter","id":"m","title":"T","kind":"case","opened":"2017-05","closed":"2016"}`,
	`{"record":"relationship","id":"r","from":"a","to":"b","type":"holding","amount":{"min":1.5}}`,
	`{"record":"contact","id":"c","participants":["a","a"],"date":"2016-02-30"}`,
	`{"record":"ent\u0069ty","id":"a","kind":"person","name":"A"}`,
	`{"record":"nope","id":"a"}`,
	`{"record":"","id":"a"}`,
	`{"id":"a","record":"entity","kind":"person","name":"A"}`,
	`{ "record": "entity", "id": "a", "kind": "person", "name": "A" }`,
}

// TestDecodeAsProbed: decode gives what decoding with the probe of kind and
// id gives, record and problem alike, whichever path it takes.
func TestDecodeAsProbed(t *testing.T) {
	fast := 0
	for _, line := range decodeLines {
		checkDecodeAsProbed(t, []byte(line))
		if kind, ok := leadingKind([]byte(line)); ok {
			if _, ok, _ := decodeKind(kind, []byte(line)); ok {
				fast++
			}
		}
	}
	if fast < 7 {
		t.Errorf("%d lines decoded in one pass, want at least the 7 good ones", fast)
	}
}

func checkDecodeAsProbed(t *testing.T, b []byte) {
	t.Helper()
	rec, err := decode(b)
	want, wantErr := decodeProbed(b)
	if !reflect.DeepEqual(rec, want) || fmt.Sprint(err) != fmt.Sprint(wantErr) {
		t.Errorf("%s:\ndecode       %#v, %v\ndecodeProbed %#v, %v", b, rec, err, want, wantErr)
	}
}

// FuzzDecodeAsProbed: whatever the line, decode answers as decodeProbed.
func FuzzDecodeAsProbed(f *testing.F) {
	for _, line := range decodeLines {
		f.Add([]byte(line))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) == 0 || b[0] != '{' {
			return // refused before either path
		}
		checkDecodeAsProbed(t, b)
	})
}
