package service

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/dataset"
	"github.com/impartial/impartial/scan"
)

// MaxSuggestText bounds the text analysed for suggestions, which needs the
// whole text in memory to find its sentences. (Mentions alone stream
// through Scan whatever the size.)
const MaxSuggestText = 16 << 20

// ScanSuggestions finds the mentions of known entities in text and the
// contacts and relationships the text may report (scan.Suggest), for
// Scanners. Nothing is written.
func (s *Service) ScanSuggestions(ctx context.Context, caller impartial.Actor, text string) ([]scan.Mention, []scan.Suggestion, error) {
	if err := require(caller, Scanners, "scanning documents"); err != nil {
		return nil, nil, err
	}
	if len(text) > MaxSuggestText {
		return nil, nil, impartial.FieldError("scan", "text", "is %d bytes, more than the %d analysed for suggestions", len(text), MaxSuggestText)
	}
	ms, ix, err := s.scanText(ctx, text)
	if err != nil {
		return nil, nil, err
	}
	// A family name alone that several bear is taken, for suggestions,
	// as the one the text named before, if it did; else it suggests
	// nothing. The mentions reported stay as found.
	resolved := ix.Resolve(ms)
	kinds := map[string]impartial.EntityKind{}
	err = s.store.View(ctx, func(tx impartial.ReadTx) error {
		for _, m := range resolved {
			if _, ok := kinds[m.Entity]; ok || m.Entity == "" {
				continue
			}
			e, err := tx.Entity(ctx, m.Entity)
			if err != nil && !impartial.IsNotFound(err) {
				return err
			}
			if e != nil {
				kinds[m.Entity] = e.Kind
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("scan: %w", err)
	}
	return ms, scan.Suggest(text, resolved, func(id string) impartial.EntityKind { return kinds[id] }), nil
}

// AcceptOptions completes a suggestion a person accepts.
type AcceptOptions struct {
	// Date, YYYY[-MM[-DD]], replaces the date found in the sentence; a
	// contact needs one.
	Date string
}

// Accepted says what accepting a suggestion wrote.
type Accepted struct {
	Suggestion scan.Suggestion
	Record     dataset.Record
	Import     *ImportReport
}

// AcceptSuggestion writes the contact or relationship that suggestion n
// (1-based, as ScanSuggestions numbers them) of the text proposes, as the
// caller, through the import: validated, re-screened and audited as any
// change, with the source and sentence it came from. Its id is derived from
// what it says, so accepting it twice changes nothing. Only RecordKeepers
// write facts.
func (s *Service) AcceptSuggestion(ctx context.Context, caller impartial.Actor, text, source string, n int, opt AcceptOptions) (*Accepted, error) {
	if err := require(caller, RecordKeepers, "recording a fact from a scan"); err != nil {
		return nil, err
	}
	_, ss, err := s.ScanSuggestions(ctx, caller, text)
	if err != nil {
		return nil, err
	}
	if n < 1 || n > len(ss) {
		return nil, impartial.FieldError("accept", "n", "%d is not a suggestion of this text: it has %d", n, len(ss))
	}
	sg := ss[n-1]
	date := sg.Date
	if opt.Date != "" {
		date = opt.Date
	}
	d, err := impartial.ParseDate(date)
	if err != nil {
		return nil, impartial.FieldError("accept", "date", "%v", err)
	}
	if source == "" {
		source = "document scan"
	}
	src := fmt.Sprintf("%s, bytes %d-%d", source, sg.SentenceStart, sg.SentenceEnd)
	note := fmt.Sprintf("accepted from a document scan by %s: %q", caller.ID, clip(sg.Sentence, 500))
	h := sha256.Sum256([]byte(strings.Join([]string{sg.Kind, string(sg.Type), sg.Role, sg.From, sg.To, d.String(), sg.Sentence}, "\x00")))
	id := "scan-" + hex.EncodeToString(h[:6])
	var rec dataset.Record
	switch sg.Kind {
	case "contact":
		if d.IsZero() {
			return nil, impartial.FieldError("accept", "date", "is required: the sentence gives no date for the contact; give one (a year will do)")
		}
		c := &impartial.Contact{ID: id, Participants: []string{sg.From, sg.To}, Date: d, Context: clip(sg.Sentence, 500),
			Source: src, Note: note}
		c.Normalize()
		rec = c
	default:
		r := &impartial.Relationship{ID: id, From: sg.From, To: sg.To, Type: sg.Type, Role: sg.Role, Detail: sg.Cue,
			Span: impartial.Span{Start: d}, Source: src, Note: note}
		r.Normalize()
		rec = r
	}
	if err := rec.Validate(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	w, err := dataset.NewWriter(&buf)
	if err == nil {
		err = w.Write(rec)
	}
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		return nil, fmt.Errorf("accept suggestion %d: %w", n, err)
	}
	rep, err := s.Import(ctx, &buf, fmt.Sprintf("suggestion %d of %s", n, source), ImportOptions{Actor: caller, Screen: true})
	if err != nil {
		return nil, fmt.Errorf("accept suggestion %d: %w", n, err)
	}
	sg.Date = d.String() // as recorded
	return &Accepted{Suggestion: sg, Record: rec, Import: rep}, nil
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8Start(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func utf8Start(b byte) bool { return b&0xc0 != 0x80 }
