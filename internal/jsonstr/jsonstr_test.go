package jsonstr

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestAppendAsEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "Green", "Сергей Кисляк", "O'Brien", `say "no"`, `a\b`, "x<y", "x>y", "x&y", "tab\there",
		"line\u2028sep", "para\u2029", "bad\xffutf8", "’s", "“Smith”", "中华人民共和国", "\x01\x1f", "\b\f\n\r", "\x7f", "é"} {
		for _, html := range []bool{true, false} {
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetEscapeHTML(html)
			if err := enc.Encode(s); err != nil {
				t.Fatal(err)
			}
			if got := string(Append([]byte("x"), s, html)); got != "x"+string(bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
				t.Errorf("Append(%q, html %v) = %s, want x%s", s, html, got, want.String())
			}
		}
	}
}
