package cli

import (
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/impartial/impartial/internal/jsonstr"
	"github.com/impartial/impartial/scan"
)

// A scan of a long text reports hundreds of thousands of mentions, so the
// stream's output is
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
	who := mentionWho(m)
	b = append(b, who...)
	b = pad(b, utf8.RuneCountInString(who), 16)
	b = append(b, ' ')
	b = append(b, m.How...)
	b = pad(b, utf8.RuneCountInString(string(m.How)), 8)
	b = append(b, ' ')
	b = strconv.AppendQuote(b, m.Surface)
	return append(b, '\n')
}

// mentionWho is the entity column of a mention's line: its entity, or how
// many entities it could be.
func mentionWho(m scan.Mention) string {
	if m.Ambiguous() {
		return "one of " + strconv.Itoa(m.Count)
	}
	return m.Entity
}

// mentionTally counts a scan's mentions for the summary after them: of
// each entity, and of each place that names any of several (by what it
// matches), holding only the counts.
type mentionTally struct {
	order  []string // entities, in order of first mention
	counts map[string]int
	total  int
	// shared are the ambiguous mentions by their group (first candidate
	// and count), in order of first mention, each with its first mention.
	shared      []scan.Mention
	sharedCount map[string]int
	nShared     int
}

func (t *mentionTally) add(m scan.Mention) {
	t.total++
	if t.counts == nil {
		t.counts, t.sharedCount = map[string]int{}, map[string]int{}
	}
	if m.Ambiguous() {
		t.nShared++
		k := sharedKey(m)
		if t.sharedCount[k] == 0 {
			t.shared = append(t.shared, m)
		}
		t.sharedCount[k]++
		return
	}
	if t.counts[m.Entity] == 0 {
		t.order = append(t.order, m.Entity)
	}
	t.counts[m.Entity]++
}

// write writes the summary, naming each entity with name.
func (t *mentionTally) write(w io.Writer, name func(id string) string) error {
	one := t.total - t.nShared
	fmt.Fprintf(w, "\n%d mention(s) of %d known entit(ies):\n", one, len(t.order))
	for _, id := range t.order {
		fmt.Fprintf(w, "  %-40s %d\n", fmt.Sprintf("%s (%s)", name(id), id), t.counts[id])
	}
	if len(t.shared) == 0 {
		return nil
	}
	_, err := fmt.Fprintf(w, "\n%d mention(s) of names that several entities bear (the text does not say which; none is taken as certain):\n", t.nShared)
	for _, m := range t.shared {
		_, err = fmt.Fprintf(w, "  %q ×%d: %s\n", m.Surface, t.sharedCount[sharedKey(m)], scan.Explain(m))
	}
	return err
}

// sharedKey names the group of entities an ambiguous mention could be.
func sharedKey(m scan.Mention) string { return m.Candidates[0].Entity + "\x00" + strconv.Itoa(m.Count) }

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
	b = append(b, ",\n      \"count\": "...)
	b = strconv.AppendInt(b, int64(m.Count), 10)
	if m.ByName != 0 {
		b = append(b, ",\n      \"by_name\": "...)
		b = strconv.AppendInt(b, int64(m.ByName), 10)
	}
	if len(m.Candidates) > 0 {
		b = append(b, ",\n      \"candidates\": ["...)
		for i, c := range m.Candidates {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n        {\n          \"entity\": "...)
			b = appendJSONString(b, c.Entity)
			b = append(b, ",\n          \"name\": "...)
			b = appendJSONString(b, c.Name)
			b = append(b, ",\n          \"matched\": "...)
			b = appendJSONString(b, c.Matched)
			b = append(b, ",\n          \"how\": "...)
			b = appendJSONString(b, string(c.How))
			if c.Covered {
				b = append(b, ",\n          \"covered\": true"...)
			}
			b = append(b, "\n        }"...)
		}
		b = append(b, "\n      ]"...)
	}
	if m.Why != "" {
		b = append(b, ",\n      \"why\": "...)
		b = appendJSONString(b, m.Why)
	}
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
