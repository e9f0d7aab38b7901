package cli

import (
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/impartial/impartial/internal/jsonstr"
	"github.com/impartial/impartial/scan"
)

// A scan of a long text reports millions of mentions (a generated surname
// names thousands of entities, each a mention), so the stream's output is
// written as the mentions come, by hand, in the bytes fmt and
// encoding/json gave when the output was built whole: a mention costs tens
// of nanoseconds instead of a microsecond, and nothing is held.

// appendMentionLine appends the text line of a mention, as
// fmt "  %6d-%-6d %-16s %-8s %q\n" writes it (fmt pads to a width in runes).
func appendMentionLine(b []byte, m scan.Mention) []byte {
	var num [24]byte
	b = append(b, ' ', ' ')
	n := strconv.AppendInt(num[:0], int64(m.Start), 10)
	b = pad(b, len(n), 6)
	b = append(b, n...)
	b = append(b, '-')
	n = strconv.AppendInt(num[:0], int64(m.End), 10)
	b = append(b, n...)
	b = pad(b, len(n), 6)
	b = append(b, ' ')
	b = append(b, m.Entity...)
	b = pad(b, utf8.RuneCountInString(m.Entity), 16)
	b = append(b, ' ')
	b = append(b, m.How...)
	b = pad(b, utf8.RuneCountInString(string(m.How)), 8)
	b = append(b, ' ')
	b = strconv.AppendQuote(b, m.Surface)
	return append(b, '\n')
}

// pad appends the spaces that bring n runes to width.
func pad(b []byte, n, width int) []byte {
	for ; n < width; n++ {
		b = append(b, ' ')
	}
	return b
}

// appendMentionJSON appends a mention as json.Encoder with SetIndent("",
// "  ") writes it as an element of the "mentions" array of the output
// object: four spaces in, its fields six.
func appendMentionJSON(b []byte, m scan.Mention) []byte {
	b = append(b, "    {\n      \"entity\": "...)
	b = appendJSONString(b, m.Entity)
	b = append(b, ",\n      \"start\": "...)
	b = strconv.AppendInt(b, int64(m.Start), 10)
	b = append(b, ",\n      \"end\": "...)
	b = strconv.AppendInt(b, int64(m.End), 10)
	b = append(b, ",\n      \"text\": "...)
	b = appendJSONString(b, m.Surface)
	b = append(b, ",\n      \"matched\": "...)
	b = appendJSONString(b, m.Matched)
	b = append(b, ",\n      \"how\": "...)
	b = appendJSONString(b, string(m.How))
	return append(b, "\n    }"...)
}

func appendJSONString(b []byte, s string) []byte { return jsonstr.Append(b, s, true) }

// mentionJSONStream writes {"mentions": [...], "suggestions": [], and the
// reason suggestions were skipped}, indented as json.Encoder does, one
// mention at a time.
type mentionJSONStream struct {
	w   io.Writer
	buf []byte
	n   int
}

// add writes a mention, flushing the buffer once it holds 64 KB.
func (s *mentionJSONStream) add(m scan.Mention) error {
	if s.n == 0 {
		s.buf = append(s.buf, "{\n  \"mentions\": [\n"...)
	} else {
		s.buf = append(s.buf, ",\n"...)
	}
	s.n++
	s.buf = appendMentionJSON(s.buf, m)
	return s.flushIfFull()
}

func (s *mentionJSONStream) flushIfFull() error {
	if len(s.buf) < 64<<10 {
		return nil
	}
	_, err := s.w.Write(s.buf)
	s.buf = s.buf[:0]
	return err
}

// end writes the rest of the object.
func (s *mentionJSONStream) end(skipped string) error {
	if s.n == 0 {
		s.buf = append(s.buf, "{\n  \"mentions\": [],\n"...)
	} else {
		s.buf = append(s.buf, "\n  ],\n"...)
	}
	s.buf = append(s.buf, "  \"suggestions\": [],\n  \"suggestions_skipped\": "...)
	s.buf = appendJSONString(s.buf, skipped)
	s.buf = append(s.buf, "\n}\n"...)
	_, err := s.w.Write(s.buf)
	s.buf = s.buf[:0]
	return err
}
