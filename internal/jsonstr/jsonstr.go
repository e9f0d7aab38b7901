// Package jsonstr appends strings quoted as encoding/json quotes them, for
// output written by hand because there is too much of it to build as
// values first (a long text's scan: millions of mentions).
package jsonstr

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// Append appends s as encoding/json quotes it, escaping <, > and & as it
// does by default when html is true (json.Marshal, an Encoder) and not when
// false (an Encoder with SetEscapeHTML(false)). A string with nothing to
// escape is copied; any other is left to encoding/json, so that the bytes
// are always its own.
func Append(b []byte, s string, html bool) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' || html && (c == '<' || c == '>' || c == '&') {
				return appendEncoded(b, s, html)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			return appendEncoded(b, s, html)
		}
		i += size
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

func appendEncoded(b []byte, s string, html bool) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(html)
	enc.Encode(s) // a string always encodes
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}
