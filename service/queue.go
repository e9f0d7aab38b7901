package service

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/scan"
)

// FindingListQuery selects stored findings for a paged listing (the API's
// /v1/findings); Queue is the web page's grouped view.
type FindingListQuery struct {
	Outcome impartial.Outcome // empty for every outcome
	Person  string
	Matter  string
	// OlderThan keeps findings computed at least this long ago: the ones
	// that have waited; zero for all.
	OlderThan time.Duration
	// Undecided drops findings whose latest determination has decided them
	// (no conflict or authorized): what is left still needs an official.
	Undecided bool
	// After is the cursor of the previous page (FindingPage.Next).
	After string
	Limit int // default 100, at most impartial.MaxPage
}

// FindingPage is one page of the queue; Next is the cursor of the next page,
// empty on the last.
type FindingPage struct {
	Findings []*impartial.StoredFinding
	Next     string
}

// FindingCursor encodes a finding's key as a cursor; ParseFindingCursor
// reads it back.
func FindingCursor(k impartial.FindingKey) string {
	return k.Matter + "~" + k.Person + "~" + k.Rule
}

// ParseFindingCursor reads a cursor made by FindingCursor.
func ParseFindingCursor(s string) (impartial.FindingKey, error) {
	if s == "" {
		return impartial.FindingKey{}, nil
	}
	parts := strings.Split(s, "~")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return impartial.FindingKey{}, impartial.FieldError("findings", "after", "%q is not a cursor this listing returned", s)
	}
	return impartial.FindingKey{Matter: parts[0], Person: parts[1], Rule: parts[2]}, nil
}

// ListFindings lists stored findings for review, ordered by matter, person
// and rule, filtered by outcome, person, matter and age. Findings name
// confidential matters, so the queue is for RecordReaders (who see every
// matter).
func (s *Service) ListFindings(ctx context.Context, caller impartial.Actor, q FindingListQuery) (*FindingPage, error) {
	if err := require(caller, RecordReaders, "the findings queue"); err != nil {
		return nil, err
	}
	if q.Outcome != "" && !validOutcome(q.Outcome) {
		return nil, impartial.FieldError("findings", "outcome", "%q is not an outcome (want recuse, authorization_required, review, permitted or clear)", q.Outcome)
	}
	if q.OlderThan < 0 {
		return nil, impartial.FieldError("findings", "older_than", "must not be negative")
	}
	after, err := ParseFindingCursor(q.After)
	if err != nil {
		return nil, err
	}
	limit := q.Limit
	switch {
	case limit <= 0:
		limit = 100
	case limit > impartial.MaxPage:
		limit = impartial.MaxPage
	}
	f := impartial.FindingFilter{Person: q.Person, Matter: q.Matter, Outcome: q.Outcome, After: after, Limit: limit + 1}
	if q.OlderThan > 0 {
		f.ComputedBefore = s.stamp().Add(-q.OlderThan + time.Microsecond)
	}
	out := &FindingPage{}
	err = s.store.View(ctx, func(tx impartial.ReadTx) error {
		decided := map[string]map[string]bool{} // person → matter+rule → decided
		for len(out.Findings) <= limit {
			list, err := tx.Findings(ctx, f)
			if err != nil {
				return err
			}
			for _, sf := range list {
				if q.Undecided {
					d, ok := decided[sf.Person]
					if !ok {
						dets, err := all(func(pg impartial.Page) ([]*impartial.Determination, error) {
							return tx.Determinations(ctx, impartial.DeterminationFilter{Page: pg, Person: sf.Person})
						}, func(d *impartial.Determination) string { return d.ID })
						if err != nil {
							return err
						}
						d = disposedFindings(dets)
						decided[sf.Person] = d
					}
					if d[sf.Matter+"\x00"+sf.Rule] {
						continue
					}
				}
				out.Findings = append(out.Findings, sf)
			}
			if len(list) < f.Limit {
				break
			}
			last := list[len(list)-1]
			f.After = impartial.FindingKey{Matter: last.Matter, Person: last.Person, Rule: last.Rule}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("findings queue: %w", err)
	}
	if len(out.Findings) > limit {
		out.Findings = out.Findings[:limit]
		last := out.Findings[limit-1]
		out.Next = FindingCursor(impartial.FindingKey{Matter: last.Matter, Person: last.Person, Rule: last.Rule})
	}
	return out, nil
}

func validOutcome(o impartial.Outcome) bool {
	switch o {
	case impartial.OutcomeRecuse, impartial.OutcomeAuthorizationRequired, impartial.OutcomeReview, impartial.OutcomePermitted, impartial.OutcomeClear:
		return true
	}
	return false
}

// Recusals lists recorded recusals, in full, for RecordReaders; a covered
// person reads their own through MyRecusals, which shows only the words.
func (s *Service) Recusals(ctx context.Context, caller impartial.Actor, f impartial.RecusalFilter) ([]*impartial.Recusal, error) {
	if err := require(caller, RecordReaders, "listing recusals"); err != nil {
		return nil, err
	}
	var out []*impartial.Recusal
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		var err error
		out, err = tx.Recusals(ctx, f)
		return err
	})
	return out, err
}

// Permissions lists recorded authorizations, waivers, consents, exemptions,
// cures and screens, for RecordReaders.
func (s *Service) Permissions(ctx context.Context, caller impartial.Actor, f impartial.PermissionFilter) ([]*impartial.Permission, error) {
	if err := require(caller, RecordReaders, "listing authorizations"); err != nil {
		return nil, err
	}
	var out []*impartial.Permission
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		var err error
		out, err = tx.Permissions(ctx, f)
		return err
	})
	return out, err
}

// Determinations lists recorded determinations, for RecordReaders.
func (s *Service) Determinations(ctx context.Context, caller impartial.Actor, f impartial.DeterminationFilter) ([]*impartial.Determination, error) {
	if err := require(caller, RecordReaders, "listing determinations"); err != nil {
		return nil, err
	}
	var out []*impartial.Determination
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		var err error
		out, err = tx.Determinations(ctx, f)
		return err
	})
	return out, err
}

// SearchEntities finds the entities whose names match query best, each with
// its score and the matcher's part-by-part explanation, for Searchers.
func (s *Service) SearchEntities(ctx context.Context, caller impartial.Actor, query string, kind impartial.EntityKind, limit int) ([]NameHit, error) {
	if err := require(caller, Searchers, "searching entities by name"); err != nil {
		return nil, err
	}
	if strings.TrimSpace(query) == "" {
		return nil, impartial.FieldError("search", "q", "is required: the name to search for")
	}
	if limit <= 0 || limit > 1000 {
		return nil, impartial.FieldError("search", "limit", "must be from 1 to 1000")
	}
	return s.SearchNames(ctx, query, kind, limit)
}

// ScanText finds mentions of known entities in a text, with offsets, for
// Scanners.
func (s *Service) ScanText(ctx context.Context, caller impartial.Actor, text string) ([]ScanMention, error) {
	if err := require(caller, Scanners, "scanning documents"); err != nil {
		return nil, err
	}
	var ms []scan.Mention
	if _, err := s.Scan(ctx, strings.NewReader(text), func(m scan.Mention) error { ms = append(ms, m); return nil }); err != nil {
		return nil, err
	}
	return s.namedMentions(ctx, ms)
}

// namedMentions gives each mention of one entity that entity's name (an
// ambiguous mention names none: its candidates have theirs).
func (s *Service) namedMentions(ctx context.Context, ms []scan.Mention) ([]ScanMention, error) {
	ids := make([]string, 0, len(ms))
	for _, m := range ms {
		if !m.Ambiguous() {
			ids = append(ids, m.Entity)
		}
	}
	names, err := s.EntityNames(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]ScanMention, 0, len(ms))
	for _, m := range ms {
		out = append(out, ScanMention{Mention: m, Name: names[m.Entity]})
	}
	return out, nil
}

// ScanTextEach is ScanText calling fn with each mention as it is found
// instead of holding them all: a long text has millions (a generated
// surname is a mention of each of thousands of entities). The entity's
// name is the one the automaton holds, kept current as the graph's is.
func (s *Service) ScanTextEach(ctx context.Context, caller impartial.Actor, r io.Reader, fn func(ScanMention) error) error {
	if err := require(caller, Scanners, "scanning documents"); err != nil {
		return err
	}
	names := map[string]string{}
	_, err := s.scanWith(ctx, r, func(ix *scan.Index, m scan.Mention) error {
		if m.Ambiguous() {
			return fn(ScanMention{Mention: m})
		}
		name, ok := names[m.Entity]
		if !ok {
			name, _ = ix.EntityName(m.Entity)
			names[m.Entity] = name
		}
		return fn(ScanMention{Mention: m, Name: name})
	})
	return err
}

// VerifyAuditAs verifies the audit trail for an AuditReader.
func (s *Service) VerifyAuditAs(ctx context.Context, caller impartial.Actor, checkpoints ...impartial.Checkpoint) (*AuditCheck, error) {
	if err := require(caller, AuditReaders, "verifying the audit trail"); err != nil {
		return nil, err
	}
	return s.VerifyAudit(ctx, checkpoints...)
}

// ScanMention is one mention of a known entity in a scanned text, with the
// entity's name ("" for a mention of any of several: its candidates are
// named).
type ScanMention struct {
	scan.Mention
	Name string `json:"name"`
}

// ScanTextSuggest is ScanText with the contacts and relationships the text
// may report (ScanSuggestions), for Scanners. Nothing is written; an ethics
// official accepts a suggestion with AcceptSuggestion.
func (s *Service) ScanTextSuggest(ctx context.Context, caller impartial.Actor, text string) ([]ScanMention, []scan.Suggestion, error) {
	if err := require(caller, Scanners, "scanning documents"); err != nil {
		return nil, nil, err
	}
	ms, ss, err := s.ScanSuggestions(ctx, caller, text)
	if err != nil {
		return nil, nil, err
	}
	out, err := s.namedMentions(ctx, ms)
	return out, ss, err
}
