package service

import (
	"context"
	"fmt"
	"runtime"
	"slices"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/rules"
	"github.com/impartial/impartial/screen"
)

// engine builds the screening engine over everything in the store: the
// relationship graph, the matters, the recorded permissions, and the name
// index for parties known only by name.
func (s *Service) engine(ctx context.Context, set *rules.Set) (*screen.Engine, error) {
	var ents []*impartial.Entity
	var rels []*impartial.Relationship
	var contacts []*impartial.Contact
	var matters []*impartial.Matter
	var perms []*impartial.Permission
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		var err error
		if ents, err = entities(ctx, tx, false); err != nil {
			return err
		}
		if rels, err = all(func(p impartial.Page) ([]*impartial.Relationship, error) {
			return tx.Relationships(ctx, impartial.RelationshipFilter{Page: p})
		}, func(r *impartial.Relationship) string { return r.ID }); err != nil {
			return err
		}
		if contacts, err = all(func(p impartial.Page) ([]*impartial.Contact, error) {
			return tx.Contacts(ctx, impartial.ContactFilter{Page: p})
		}, func(c *impartial.Contact) string { return c.ID }); err != nil {
			return err
		}
		if matters, err = all(func(p impartial.Page) ([]*impartial.Matter, error) {
			return tx.Matters(ctx, impartial.MatterFilter{Page: p})
		}, func(m *impartial.Matter) string { return m.ID }); err != nil {
			return err
		}
		perms, err = all(func(p impartial.Page) ([]*impartial.Permission, error) {
			return tx.Permissions(ctx, impartial.PermissionFilter{Page: p})
		}, func(p *impartial.Permission) string { return p.ID })
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load the graph: %w", err)
	}
	g, err := screen.NewGraph(ents, rels, contacts)
	if err != nil {
		return nil, fmt.Errorf("build the graph: %w", err)
	}
	for _, m := range matters {
		g.PutMatter(m)
	}
	for _, p := range perms {
		g.PutPermission(p)
	}
	idx, err := screen.NewNameIndex(ents)
	if err != nil {
		return nil, fmt.Errorf("build the name index: %w", err)
	}
	return screen.NewEngine(g, set, screen.IndexMatcher{Index: idx}), nil
}

// ScreenRequest says what to screen.
type ScreenRequest struct {
	Matter string // screen every covered person against this matter
	Person string // screen this person against every open matter
	All    bool   // screen every open matter
	// AsOf is the date the facts are taken as of; zero means today.
	AsOf impartial.Date
	// Rulebook, a shipped rulebook's name or a file, replaces the shipped
	// one for its regimes; empty uses the shipped set.
	Rulebook string
	// Save stores the findings, replacing those held for what was screened.
	Save bool
}

// ScreenReport is what a screening found.
type ScreenReport struct {
	AsOf     impartial.Date
	Results  []*screen.Result
	scopes   []scope             // what each result screened, for saving
	Covered  []*impartial.Entity // the covered persons screened, for listing who is clear
	Matters  []*impartial.Matter // the matters screened
	Warnings []string
}

// Findings returns every finding of the report.
func (r *ScreenReport) Findings() []impartial.Finding {
	var out []impartial.Finding
	for _, res := range r.Results {
		out = append(out, res.Findings...)
	}
	return out
}

// Screen screens as the request says. Only ethics officials screen: the
// findings name confidential matters.
func (s *Service) Screen(ctx context.Context, caller impartial.Actor, req ScreenRequest) (*ScreenReport, error) {
	if !caller.Decides() && caller.Role != impartial.Auditor {
		return nil, &impartial.Error{Kind: impartial.Forbidden, Msg: "only ethics officials screen: findings name confidential matters"}
	}
	n := 0
	for _, set := range []bool{req.Matter != "", req.Person != "", req.All} {
		if set {
			n++
		}
	}
	if n != 1 {
		return nil, impartial.FieldError("screen", "matter", "say what to screen: a matter, a person, or all open matters")
	}
	if req.Save && caller.Role == impartial.Auditor {
		return nil, &impartial.Error{Kind: impartial.Forbidden, Msg: "an auditor reads; saving findings is for ethics officials"}
	}
	asOf := req.AsOf
	if asOf.IsZero() {
		asOf = impartial.DateOf(s.now())
	}
	set, err := s.ruleSet()
	if err != nil {
		return nil, err
	}
	var rulebooks []string
	if req.Rulebook != "" {
		b, err := rules.Resolve(req.Rulebook)
		if err != nil {
			return nil, err
		}
		set = set.With(b)
		rulebooks = []string{b.ID}
	}
	en, err := s.engine(ctx, set)
	if err != nil {
		return nil, err
	}
	rep := &ScreenReport{AsOf: asOf}
	switch {
	case req.Matter != "":
		res, err := en.ScreenMatter(req.Matter, asOf)
		if err != nil {
			return nil, err
		}
		rep.add(res, scopeMatters)
	case req.Person != "":
		res, err := en.ScreenPerson(req.Person, asOf)
		if err != nil {
			return nil, err
		}
		rep.add(res, scopePerson)
	default:
		err := en.ScreenMatters(en.Graph.MatterIDs(asOf), asOf, rulebooks, runtime.GOMAXPROCS(0), func(r *screen.Result) {
			rep.add(r, scopeMatters)
		})
		if err != nil {
			return nil, err
		}
	}
	for _, r := range rep.Results {
		rep.Warnings = append(rep.Warnings, r.Warnings...)
	}
	if err := s.describe(ctx, rep, req); err != nil {
		return nil, err
	}
	if req.Save {
		if err := s.saveFindings(ctx, rep, en.Graph.MatterIDs(asOf)); err != nil {
			return nil, err
		}
	}
	what := map[bool]string{true: "matter " + req.Matter, false: "person " + req.Person}[req.Matter != ""]
	if req.All {
		what = "all open matters"
	}
	if err := s.auditRead(ctx, caller, "screen", what, fmt.Sprintf("as of %s, %d findings, saved: %v", asOf, len(rep.Findings()), req.Save)); err != nil {
		return nil, err
	}
	return rep, nil
}

// scope says what a screening result covers, and so which stored findings
// it replaces.
type scope uint8

const (
	// scopeMatters: every covered person against the result's matters.
	scopeMatters scope = iota
	// scopePerson: the result's person against every open matter.
	scopePerson
	// scopePair: one person against one matter.
	scopePair
)

func (r *ScreenReport) add(res *screen.Result, sc scope) {
	r.Results = append(r.Results, res)
	r.scopes = append(r.scopes, sc)
}

// describe fills in the covered persons and matters the report is about.
func (s *Service) describe(ctx context.Context, rep *ScreenReport, req ScreenRequest) error {
	return s.store.View(ctx, func(tx impartial.ReadTx) error {
		var matterIDs []string
		for _, r := range rep.Results {
			matterIDs = append(matterIDs, r.Matters...)
		}
		slices.Sort(matterIDs)
		for _, id := range slices.Compact(matterIDs) {
			m, err := tx.Matter(ctx, id)
			if err != nil {
				return err
			}
			rep.Matters = append(rep.Matters, m)
		}
		if req.Person != "" {
			e, err := tx.Entity(ctx, req.Person)
			if err != nil {
				return err
			}
			rep.Covered = []*impartial.Entity{e}
			return nil
		}
		cov, err := entities(ctx, tx, true)
		for _, e := range cov {
			if e.Covered(rep.AsOf) {
				rep.Covered = append(rep.Covered, e)
			}
		}
		return err
	})
}

// walling reports whether an outcome walls a person off until determined.
func walling(o impartial.Outcome) bool {
	return o == impartial.OutcomeRecuse || o == impartial.OutcomeAuthorizationRequired
}

// saveFindings replaces the stored findings for exactly what each result
// screened, and appends a wall change for every person and matter whose
// walling findings changed. open lists the matters open on the report's
// date: a person's findings on closed matters are not replaced. The outbox
// entries done are marked done in the same transaction.
func (s *Service) saveFindings(ctx context.Context, rep *ScreenReport, open []string, done ...int64) error {
	now := s.stamp()
	isOpen := make(map[string]bool, len(open))
	for _, id := range open {
		isOpen[id] = true
	}
	return s.store.Update(ctx, func(tx impartial.Tx) error {
		for i, r := range rep.Results {
			var old []*impartial.StoredFinding
			switch rep.scopes[i] {
			case scopePerson:
				// The person against every open matter: what was not found
				// there is clear now. Findings on closed matters stay.
				o, err := tx.DeleteFindings(ctx, r.Persons[0], "")
				if err != nil {
					return err
				}
				for _, f := range o {
					if !isOpen[f.Matter] {
						if err := tx.PutFinding(ctx, f); err != nil {
							return err
						}
						continue
					}
					old = append(old, f)
				}
			case scopeMatters:
				for _, m := range r.Matters {
					o, err := tx.DeleteFindings(ctx, "", m)
					if err != nil {
						return err
					}
					old = append(old, o...)
				}
			case scopePair:
				o, err := tx.DeleteFindings(ctx, r.Persons[0], r.Matters[0])
				if err != nil {
					return err
				}
				old = o
			}
			// A wall change only where what walls the pair changed: the
			// feed tells downstream systems of real changes, not re-runs.
			type pair struct{ p, m string }
			before, after := map[pair][]string{}, map[pair][]string{}
			for _, f := range old {
				if len(r.Rulebooks) > 0 && !slices.Contains(r.Rulebooks, f.Rulebook) {
					// Not recomputed: keep it.
					if err := tx.PutFinding(ctx, f); err != nil {
						return err
					}
					continue
				}
				if walling(f.Outcome) {
					k := pair{f.Person, f.Matter}
					before[k] = append(before[k], f.Rule+"="+string(f.Outcome))
				}
			}
			for i := range r.Findings {
				f := &impartial.StoredFinding{Finding: r.Findings[i], ComputedAt: now}
				if err := tx.PutFinding(ctx, f); err != nil {
					return err
				}
				if walling(f.Outcome) {
					k := pair{f.Person, f.Matter}
					after[k] = append(after[k], f.Rule+"="+string(f.Outcome))
				}
			}
			walled := map[pair]bool{}
			for k, v := range before {
				slices.Sort(v)
				w := after[k]
				slices.Sort(w)
				if !slices.Equal(v, w) {
					walled[k] = true
				}
			}
			for k := range after {
				if _, ok := before[k]; !ok {
					walled[k] = true
				}
			}
			for pr := range walled {
				if _, err := tx.AppendWallChange(ctx, impartial.WallChange{At: now, Kind: "finding", Person: pr.p, Matter: pr.m}); err != nil {
					return err
				}
			}
		}
		if err := s.finishWork(ctx, tx, done); err != nil {
			return err
		}
		return s.audit(ctx, tx, system, "save findings", "", fmt.Sprintf("%d results as of %s", len(rep.Results), rep.AsOf))
	})
}
