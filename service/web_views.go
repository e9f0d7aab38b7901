package service

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/reconcile"
)

// MatterOverview is a matter with who takes part, its findings, who is
// walled off and when it was screened. What the caller may not read stays
// empty: findings for ethics officials and auditors, walls for ethics
// officials.
type MatterOverview struct {
	Matter *impartial.Matter
	// Names are the names of the parties and the team, by entity id.
	Names    map[string]string
	Findings []QueueItem
	Walled   []WalledPerson
	// Screenings are the screenings that covered the matter, newest first.
	Screenings []Screening
	// Rulebooks are the rulebook versions its current findings were made
	// under ("us-executive-doj 2025.1").
	Rulebooks []string
}

// Screening is one screening run, as the audit trail records it.
type Screening struct {
	At     time.Time
	By     impartial.Actor
	What   string // "matter m-1", "all open matters", "person p"; empty for a re-screen a change triggered
	Detail string // as of which date, how many findings
	seq    int64
}

// screeningsRead is how far back in the trail a matter's screening history
// reaches.
const screeningsRead = 5000

// MatterOverview returns the matter to a caller who may know of it; for any
// other the answer is the same as for a matter that does not exist.
func (s *Service) MatterOverview(ctx context.Context, caller impartial.Actor, id string) (*MatterOverview, error) {
	m, err := s.Matter(ctx, caller, id)
	if err != nil {
		return nil, err
	}
	if caller.Role == impartial.Covered && !slices.Contains(m.Team, caller.ID) {
		// Who works on a matter is not a covered person's to know, unless
		// they are one of them.
		shown := *m
		shown.Team = nil
		m = &shown
	}
	out := &MatterOverview{Matter: m, Names: map[string]string{}}
	readsAll := readsFindings(caller) == nil
	err = s.store.View(ctx, func(tx impartial.ReadTx) error {
		ids := slices.Clone(m.Team)
		for _, p := range m.Parties {
			if p.Entity != "" {
				ids = append(ids, p.Entity)
			}
		}
		for _, e := range ids {
			if ent, err := tx.Entity(ctx, e); err == nil {
				out.Names[e] = ent.Name
			} else if !impartial.IsNotFound(err) {
				return err
			}
		}
		if !readsAll {
			return nil
		}
		fs, err := tx.Findings(ctx, impartial.FindingFilter{Matter: id, Limit: impartial.MaxPage})
		if err != nil {
			return err
		}
		dets, err := all(func(pg impartial.Page) ([]*impartial.Determination, error) {
			return tx.Determinations(ctx, impartial.DeterminationFilter{Page: pg, Matter: id})
		}, func(d *impartial.Determination) string { return d.ID })
		if err != nil {
			return err
		}
		current := currentDeterminations(dets)
		books := map[string]bool{}
		for _, f := range fs {
			out.Findings = append(out.Findings, QueueItem{StoredFinding: f, Determination: current[f.Matter+"\x00"+f.Person+"\x00"+f.Rule]})
			books[f.Rulebook+" "+f.RulebookVersion] = true
		}
		for b := range books {
			out.Rulebooks = append(out.Rulebooks, b)
		}
		slices.Sort(out.Rulebooks)
		out.Screenings, err = screeningsOf(ctx, tx, m)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read matter %q: %w", id, err)
	}
	slices.SortStableFunc(out.Findings, func(a, b QueueItem) int { return b.Outcome.Severity() - a.Outcome.Severity() })
	if caller.Decides() {
		if out.Walled, err = s.Walled(ctx, caller, id); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// screeningsOf reads the recent screenings that covered the matter from the
// audit trail: those of the matter itself, of all open matters, and of a
// person while the matter was open.
func screeningsOf(ctx context.Context, tx impartial.ReadTx, m *impartial.Matter) ([]Screening, error) {
	var after int64
	if last, err := lastAuditSeq(ctx, tx); err != nil {
		return nil, err
	} else if last > screeningsRead {
		after = last - screeningsRead
	}
	var out []Screening
	for {
		page, err := tx.AuditEvents(ctx, after, impartial.MaxPage)
		if err != nil {
			return nil, err
		}
		for _, e := range page {
			switch {
			case e.Action == "screen" && (e.Record == "matter "+m.ID || e.Record == "all open matters" || strings.HasPrefix(e.Record, "person ")):
			case e.Action == "save findings" && e.Actor.Role == impartial.System && !strings.Contains(e.Detail, "0 results"):
				// a re-screen that a change triggered
			default:
				continue
			}
			if !e.At.IsZero() && !m.Opened.IsZero() && e.At.Before(m.Opened.First()) {
				continue
			}
			if n := len(out); n > 0 && e.Action == "screen" && out[n-1].seq == e.Seq-1 && out[n-1].What == "" {
				// The save that the screening itself made: one run, not two.
				out = out[:n-1]
			}
			what := e.Record
			if e.Action == "save findings" {
				what = ""
			}
			out = append(out, Screening{At: e.At, By: e.Actor, What: what, Detail: e.Detail, seq: e.Seq})
		}
		if len(page) < impartial.MaxPage {
			break
		}
		after = page[len(page)-1].Seq
	}
	slices.Reverse(out)
	return out, nil
}

func lastAuditSeq(ctx context.Context, tx impartial.ReadTx) (int64, error) {
	if a, ok := tx.(interface {
		LastAudit(context.Context) (*impartial.AuditEvent, error)
	}); ok {
		e, err := a.LastAudit(ctx)
		if err != nil || e == nil {
			return 0, err
		}
		return e.Seq, nil
	}
	return 0, nil
}

// MatterSummary is one line of a list of matters.
type MatterSummary struct {
	ID, Title    string
	Kind         impartial.MatterKind
	Opened       impartial.Date
	Closed       impartial.Date
	Confidential bool
}

// VisibleMatters lists the matters the caller may know of.
func (s *Service) VisibleMatters(ctx context.Context, caller impartial.Actor) ([]MatterSummary, error) {
	if err := caller.Validate(); err != nil {
		return nil, err
	}
	var out []MatterSummary
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		ms, err := all(func(pg impartial.Page) ([]*impartial.Matter, error) {
			return tx.Matters(ctx, impartial.MatterFilter{Page: pg})
		}, func(m *impartial.Matter) string { return m.ID })
		for _, m := range ms {
			if caller.MaySee(m) {
				out = append(out, MatterSummary{ID: m.ID, Title: m.Title, Kind: m.Kind, Opened: m.Opened, Closed: m.Closed, Confidential: m.Confidential})
			}
		}
		return err
	})
	return out, err
}

// PersonOverview is a person with their timeline, coverage, recusals,
// authorizations, findings and walls, as far as the caller may read them.
type PersonOverview struct {
	Profile *Profile
	// Recusals are the person's recusals in full (ethics officials and
	// auditors); Notices what a covered person sees of their own.
	Recusals    []*impartial.Recusal
	Notices     []RecusalNotice
	Permissions []*impartial.Permission
	Findings    []QueueItem
	Walled      []WalledMatter
}

// PersonOverview returns what is recorded about an entity. Ethics officials
// and auditors read anyone; a covered person reads only themselves, and
// never a confidential matter: another person is answered as one that does
// not exist.
func (s *Service) PersonOverview(ctx context.Context, caller impartial.Actor, id string) (*PersonOverview, error) {
	reader := readsFindings(caller) == nil
	if !reader && !(caller.Role == impartial.Covered && caller.ID == id) {
		if caller.Role == impartial.Covered {
			return nil, &impartial.Error{Kind: impartial.NotFound, Msg: fmt.Sprintf("no entity %q", id)}
		}
		return nil, &impartial.Error{Kind: impartial.Forbidden, Msg: "only ethics officials, auditors and the person themselves read a person's record"}
	}
	p, err := s.Profile(ctx, caller, id)
	if err != nil {
		return nil, err
	}
	out := &PersonOverview{Profile: p}
	err = s.store.View(ctx, func(tx impartial.ReadTx) error {
		// Keep only the matters the caller may know of.
		kept := p.Events[:0]
		for _, e := range p.Events {
			if e.Kind == "matter" {
				m, err := tx.Matter(ctx, e.ID)
				if err != nil || !caller.MaySee(m) {
					continue
				}
			}
			kept = append(kept, e)
		}
		p.Events = kept
		perms, err := all(func(pg impartial.Page) ([]*impartial.Permission, error) {
			return tx.Permissions(ctx, impartial.PermissionFilter{Page: pg, Person: id})
		}, func(p *impartial.Permission) string { return p.ID })
		if err != nil {
			return err
		}
		for _, pm := range perms {
			if pm.Matter != "" && !reader {
				if m, err := tx.Matter(ctx, pm.Matter); err != nil || !caller.MaySee(m) {
					continue
				}
			}
			out.Permissions = append(out.Permissions, pm)
		}
		if !reader {
			return nil
		}
		if out.Recusals, err = all(func(pg impartial.Page) ([]*impartial.Recusal, error) {
			return tx.Recusals(ctx, impartial.RecusalFilter{Page: pg, Person: id})
		}, func(r *impartial.Recusal) string { return r.ID }); err != nil {
			return err
		}
		fs, err := tx.Findings(ctx, impartial.FindingFilter{Person: id, Limit: impartial.MaxPage})
		if err != nil {
			return err
		}
		dets, err := all(func(pg impartial.Page) ([]*impartial.Determination, error) {
			return tx.Determinations(ctx, impartial.DeterminationFilter{Page: pg, Person: id})
		}, func(d *impartial.Determination) string { return d.ID })
		if err != nil {
			return err
		}
		current := currentDeterminations(dets)
		for _, f := range fs {
			out.Findings = append(out.Findings, QueueItem{StoredFinding: f, Determination: current[f.Matter+"\x00"+f.Person+"\x00"+f.Rule]})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read person %q: %w", id, err)
	}
	if !reader {
		if out.Notices, err = s.MyRecusals(ctx, caller); err != nil {
			return nil, err
		}
	}
	if caller.Decides() && p.Entity.Coverage != nil {
		if out.Walled, err = s.WalledFrom(ctx, caller, id); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// CoveredPersons lists the people impartial screens: ethics officials and
// auditors only.
func (s *Service) CoveredPersons(ctx context.Context, caller impartial.Actor) ([]*impartial.Entity, error) {
	if err := readsFindings(caller); err != nil {
		return nil, err
	}
	var out []*impartial.Entity
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		var err error
		out, err = entities(ctx, tx, true)
		return err
	})
	return out, err
}

// RecusalOverview is a recusal with the person's name and the matters it
// covers today.
type RecusalOverview struct {
	Recusal    *impartial.Recusal
	PersonName string
	// Covers are the matters the recusal walls the person from today,
	// resolved from its scope (ethics officials only).
	Covers []WalledMatter
}

// RecusalOverview returns a recusal in full: ethics officials and auditors
// only (a covered person reads their own through MyRecusals, which never
// names a matter).
func (s *Service) RecusalOverview(ctx context.Context, caller impartial.Actor, id string) (*RecusalOverview, error) {
	if err := readsFindings(caller); err != nil {
		return nil, err
	}
	out := &RecusalOverview{}
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		r, err := tx.Recusal(ctx, id)
		if err != nil {
			return err
		}
		out.Recusal = r
		if e, err := tx.Entity(ctx, r.Person); err == nil {
			out.PersonName = e.Name
		}
		return nil
	})
	if impartial.IsNotFound(err) {
		return nil, &impartial.Error{Kind: impartial.NotFound, Msg: fmt.Sprintf("no recusal %q", id)}
	}
	if err != nil {
		return nil, fmt.Errorf("read recusal %q: %w", id, err)
	}
	if caller.Decides() {
		walled, err := s.WalledFrom(ctx, caller, out.Recusal.Person)
		if err != nil {
			return nil, err
		}
		for _, w := range walled {
			if w.Recusal == id {
				out.Covers = append(out.Covers, w)
			}
		}
	}
	return out, nil
}

// AllRecusals lists every recusal: ethics officials and auditors only.
func (s *Service) AllRecusals(ctx context.Context, caller impartial.Actor) ([]*impartial.Recusal, error) {
	if err := readsFindings(caller); err != nil {
		return nil, err
	}
	var out []*impartial.Recusal
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		var err error
		out, err = all(func(pg impartial.Page) ([]*impartial.Recusal, error) {
			return tx.Recusals(ctx, impartial.RecusalFilter{Page: pg})
		}, func(r *impartial.Recusal) string { return r.ID })
		return err
	})
	return out, err
}

// StatementOverview is a statement on the record with its corrections and
// the recorded facts that contradict its assertions.
type StatementOverview struct {
	Statement     *impartial.Statement
	Corrections   []*impartial.Correction
	Discrepancies []reconcile.Discrepancy
	Names         map[string]string
}

// StatementOverview returns a statement reconciled against the record:
// ethics officials and auditors only.
func (s *Service) StatementOverview(ctx context.Context, caller impartial.Actor, id string) (*StatementOverview, error) {
	if err := readsFindings(caller); err != nil {
		return nil, err
	}
	out := &StatementOverview{Names: map[string]string{}}
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		st, err := tx.Statement(ctx, id)
		if err != nil {
			return err
		}
		out.Statement = st
		if out.Corrections, err = tx.Corrections(ctx, impartial.CorrectionFilter{Statement: id}); err != nil {
			return err
		}
		ids := []string{st.By, st.Forum, st.QuestionBy}
		for _, a := range st.Assertions {
			ids = append(ids, a.Subject, a.About)
		}
		for _, e := range ids {
			if e == "" || out.Names[e] != "" {
				continue
			}
			if ent, err := tx.Entity(ctx, e); err == nil {
				out.Names[e] = ent.Name
			}
		}
		return nil
	})
	if impartial.IsNotFound(err) {
		return nil, &impartial.Error{Kind: impartial.NotFound, Msg: fmt.Sprintf("no statement %q", id)}
	}
	if err != nil {
		return nil, fmt.Errorf("read statement %q: %w", id, err)
	}
	if out.Discrepancies, err = s.Reconcile(ctx, caller, id); err != nil {
		return nil, err
	}
	return out, nil
}

// AllStatements lists the statements on the record: ethics officials and
// auditors only.
func (s *Service) AllStatements(ctx context.Context, caller impartial.Actor) ([]*impartial.Statement, error) {
	if err := readsFindings(caller); err != nil {
		return nil, err
	}
	var out []*impartial.Statement
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		var err error
		out, err = all(func(pg impartial.Page) ([]*impartial.Statement, error) {
			return tx.Statements(ctx, impartial.StatementFilter{Page: pg})
		}, func(s *impartial.Statement) string { return s.ID })
		return err
	})
	return out, err
}
