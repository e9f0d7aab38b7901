package service

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/impartial/impartial"
)

// Event is one dated fact in an entity's timeline.
type Event struct {
	Start, End impartial.Date
	Kind       string // "coverage", "relationship", "contact", "matter", "statement", "correction"
	ID         string
	Summary    string // a sentence about the fact, with names rather than ids
	Source     string
	Status     impartial.Status
}

// Profile is an entity with everything recorded about it, as a timeline.
type Profile struct {
	Entity *impartial.Entity
	Events []Event
}

// Profile returns the entity and its relationships, contacts, matters,
// statements and corrections ordered by date. Only the matters the caller
// may know of are in it; the confidential ones are audited.
func (s *Service) Profile(ctx context.Context, caller impartial.Actor, id string) (*Profile, error) {
	if err := caller.Validate(); err != nil {
		return nil, err
	}
	var p Profile
	var read []*impartial.Matter
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		e, err := tx.Entity(ctx, id)
		if err != nil {
			return err
		}
		p.Entity = e
		names := map[string]string{e.ID: e.Name}
		name := func(id string) string {
			if n, ok := names[id]; ok {
				return n
			}
			n := id
			if other, err := tx.Entity(ctx, id); err == nil {
				n = other.Name
			}
			names[id] = n
			return n
		}
		if c := e.Coverage; c != nil {
			what := fmt.Sprintf("covered under the %s regime", c.Regime)
			if c.Position != "" {
				what += " as " + c.Position
			}
			p.Events = append(p.Events, Event{Start: c.Start, End: c.End, Kind: "coverage", Summary: what})
		}
		rels, err := all(func(pg impartial.Page) ([]*impartial.Relationship, error) {
			return tx.Relationships(ctx, impartial.RelationshipFilter{Page: pg, Entity: id})
		}, func(r *impartial.Relationship) string { return r.ID })
		if err != nil {
			return err
		}
		for _, r := range rels {
			p.Events = append(p.Events, Event{Start: r.Start, End: r.End, Kind: "relationship", ID: r.ID,
				Summary: describeRelationship(r, name), Source: r.Source, Status: r.Status})
		}
		contacts, err := all(func(pg impartial.Page) ([]*impartial.Contact, error) {
			return tx.Contacts(ctx, impartial.ContactFilter{Page: pg, Entity: id})
		}, func(c *impartial.Contact) string { return c.ID })
		if err != nil {
			return err
		}
		for _, c := range contacts {
			var others []string
			for _, pid := range c.Participants {
				if pid != id {
					others = append(others, name(pid))
				}
			}
			sum := "met " + strings.Join(others, ", ")
			if c.Place != "" {
				sum += " at " + c.Place
			}
			if c.Context != "" {
				sum += " (" + c.Context + ")"
			}
			sum += "; capacity: " + string(c.Capacity)
			if c.CapacityDetail != "" {
				sum += " — " + c.CapacityDetail
			}
			if c.ReportedBy != "" || !c.ReportedOn.IsZero() {
				sum += "; reported"
				if c.ReportedBy != "" {
					sum += " by " + name(c.ReportedBy)
				}
				if !c.ReportedOn.IsZero() {
					sum += " on " + c.ReportedOn.String()
				}
			}
			if c.StatusDetail != "" {
				sum += "; " + c.StatusDetail
			}
			p.Events = append(p.Events, Event{Start: c.Date, Kind: "contact", ID: c.ID, Summary: sum, Source: c.Source, Status: c.Status})
		}
		matters, err := all(func(pg impartial.Page) ([]*impartial.Matter, error) {
			return tx.Matters(ctx, impartial.MatterFilter{Page: pg, Entity: id})
		}, func(m *impartial.Matter) string { return m.ID })
		if err != nil {
			return err
		}
		for _, m := range matters {
			if !caller.MaySee(m) {
				continue
			}
			read = append(read, m)
			var roles []string
			for _, pt := range m.Parties {
				if pt.Entity == id {
					roles = append(roles, strings.ReplaceAll(string(pt.Role), "_", " "))
				}
			}
			if slices.Contains(m.Team, id) {
				roles = append(roles, "on the team")
			}
			p.Events = append(p.Events, Event{Start: m.Opened, End: m.Closed, Kind: "matter", ID: m.ID,
				Summary: fmt.Sprintf("%s in %q (%s)", strings.Join(roles, ", "), m.Title, strings.ReplaceAll(string(m.Kind), "_", " ")),
				Source:  m.Source})
		}
		stmts, err := all(func(pg impartial.Page) ([]*impartial.Statement, error) {
			return tx.Statements(ctx, impartial.StatementFilter{Page: pg, By: id})
		}, func(s *impartial.Statement) string { return s.ID })
		if err != nil {
			return err
		}
		for _, st := range stmts {
			sum := string(st.Kind)
			if st.Sworn {
				sum = "sworn " + sum
			}
			if st.Forum != "" {
				sum += " before " + name(st.Forum)
			}
			if st.QuestionBy != "" {
				sum += ", asked by " + name(st.QuestionBy)
			}
			sum += fmt.Sprintf(": %q", st.Text)
			p.Events = append(p.Events, Event{Start: st.Date, Kind: "statement", ID: st.ID, Summary: sum, Source: st.Source})
			corr, err := tx.Corrections(ctx, impartial.CorrectionFilter{Statement: st.ID})
			if err != nil {
				return err
			}
			for _, c := range corr {
				p.Events = append(p.Events, Event{Start: c.Date, Kind: "correction", ID: c.ID,
					Summary: fmt.Sprintf("corrected statement %s by %s: %q", st.ID, c.Form, c.Text), Source: c.Source})
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("profile %q: %w", id, err)
	}
	slices.SortStableFunc(p.Events, func(a, b Event) int {
		if a.Start.IsZero() != b.Start.IsZero() {
			if a.Start.IsZero() {
				return -1
			}
			return 1
		}
		return a.Start.Compare(b.Start)
	})
	if err := s.auditConfidential(ctx, caller, "read profile of "+id, read); err != nil {
		return nil, err
	}
	return &p, nil
}

// describeRelationship says what a relationship is, from its from side:
// "principal adviser (campaign) of Donald J. Trump for President, Inc.".
func describeRelationship(r *impartial.Relationship, name func(string) string) string {
	role := r.Role
	if role == "" {
		role = string(r.Type)
	}
	var s string
	switch r.Type {
	case impartial.Family:
		s = fmt.Sprintf("%s's %s is %s", name(r.From), strings.ReplaceAll(role, "_", " "), name(r.To))
	case impartial.Holding:
		s = fmt.Sprintf("%s holds an interest in %s (%s's)", name(r.From), name(r.To), strings.ReplaceAll(string(r.Whose), "_", " "))
		if r.Amount != nil {
			s += ", " + r.Amount.String()
		}
	case impartial.Ownership:
		s = fmt.Sprintf("%s owns %s", name(r.From), name(r.To))
	default:
		s = fmt.Sprintf("%s: %s (%s) of %s", name(r.From), role, r.Type, name(r.To))
	}
	if r.Percent != nil {
		s += fmt.Sprintf(" (%g%%)", *r.Percent)
	}
	if r.Detail != "" {
		s += " — " + r.Detail
	}
	if r.Capacity != "" {
		s += "; capacity: " + r.Capacity
	}
	return s
}

// all reads every page of a listing.
func all[T any](list func(impartial.Page) ([]T, error), idOf func(T) string) ([]T, error) {
	return allAfter("", list, idOf)
}

// allAfter reads every page of a listing after the cursor.
func allAfter[T any](after string, list func(impartial.Page) ([]T, error), idOf func(T) string) ([]T, error) {
	var out []T
	for {
		page, err := list(impartial.Page{After: after, Limit: 1000})
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) < 1000 {
			return out, nil
		}
		after = idOf(page[len(page)-1])
	}
}
