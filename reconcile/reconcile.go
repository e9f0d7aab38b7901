// Package reconcile checks what people said on the record against the
// recorded facts: a sworn "I did not have communications with the Russians"
// against two recorded meetings with the Russian ambassador. It is pure: the
// caller brings the statement, its corrections and the facts.
package reconcile

import (
	"fmt"
	"slices"
	"strings"

	"github.com/impartial/impartial"
)

// Facts are the records a statement is checked against.
type Facts struct {
	Contacts      []*impartial.Contact
	Relationships []*impartial.Relationship
	// Names maps entity ids to names, for explanations.
	Names map[string]string
}

func (f *Facts) name(id string) string {
	if n, ok := f.Names[id]; ok && n != "" {
		return n
	}
	return id
}

// Evidence is one recorded fact that contradicts an assertion.
type Evidence struct {
	Kind   string           `json:"kind"` // "contact" or "relationship"
	Record string           `json:"record"`
	Date   impartial.Date   `json:"date,omitzero"`
	Status impartial.Status `json:"status,omitempty"`
	Why    string           `json:"why"`
}

// Discrepancy is an assertion of a statement that recorded facts contradict,
// and the correction that resolved it, if any.
type Discrepancy struct {
	Statement  string     `json:"statement"`
	Assertion  int        `json:"assertion"`
	Asserted   string     `json:"asserted"`
	Evidence   []Evidence `json:"evidence"`
	Resolved   bool       `json:"resolved"`
	Correction string     `json:"correction,omitempty"`
	// CorrectedOn and CorrectionText say how it was resolved.
	CorrectedOn    impartial.Date `json:"corrected_on,omitzero"`
	CorrectionText string         `json:"correction_text,omitempty"`
}

// Explain writes the discrepancy for a lawyer.
func (d *Discrepancy) Explain() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Statement %s asserted: %q. Contradicted by %d recorded fact(s):\n", d.Statement, d.Asserted, len(d.Evidence))
	for _, e := range d.Evidence {
		fmt.Fprintf(&b, "  - %s\n", e.Why)
	}
	if d.Resolved {
		fmt.Fprintf(&b, "Resolved by correction %s of %s: %q", d.Correction, d.CorrectedOn, d.CorrectionText)
	} else {
		b.WriteString("Not corrected.")
	}
	return b.String()
}

// Check returns the discrepancies of one statement. An assertion is checked
// over its period (From–To, each open when zero) and never after the
// statement itself: a statement speaks of what had happened by then.
//
// The discrepancies come in the order of the statement's assertions, at
// most one an assertion: a listing pages by (statement, assertion).
func Check(st *impartial.Statement, corrections []*impartial.Correction, f *Facts) []Discrepancy {
	var out []Discrepancy
	for i, a := range st.Assertions {
		subject := a.Subject
		if subject == "" {
			subject = st.By
		}
		to := a.To
		if to.IsZero() || st.Date.Before(to) {
			to = st.Date
		}
		var ev []Evidence
		switch a.Kind {
		case impartial.NoContact:
			ev = contacts(subject, a.About, a.From, to, f)
		case impartial.NoRelationship:
			ev = relationships(subject, a.About, a.From, to, f, nil)
		case impartial.NoHolding:
			ev = relationships(subject, a.About, a.From, to, f, []impartial.RelType{impartial.Holding, impartial.Ownership})
		}
		if len(ev) == 0 {
			continue
		}
		d := Discrepancy{Statement: st.ID, Assertion: i, Asserted: a.Text, Evidence: ev}
		for _, c := range corrections {
			if c.Statement == st.ID && !c.Date.Before(st.Date) && (d.Correction == "" || d.CorrectedOn.Before(c.Date)) {
				d.Resolved, d.Correction, d.CorrectedOn, d.CorrectionText = true, c.ID, c.Date, c.Text
			}
		}
		out = append(out, d)
	}
	return out
}

// representatives returns who held a position at, or worked for, about on
// date: meeting them is meeting about.
func representatives(about string, date impartial.Date, f *Facts) map[string]*impartial.Relationship {
	out := map[string]*impartial.Relationship{}
	for _, r := range f.Relationships {
		if r.To == about && (r.Type == impartial.Position || r.Type == impartial.Employment) && r.Span.Active(date) {
			out[r.From] = r
		}
	}
	return out
}

func contacts(subject, about string, from, to impartial.Date, f *Facts) []Evidence {
	var out []Evidence
	for _, c := range f.Contacts {
		if !slices.Contains(c.Participants, subject) || !c.Date.Within(from, to) {
			continue
		}
		reps := representatives(about, c.Date, f)
		for _, p := range c.Participants {
			if p == subject {
				continue
			}
			var why string
			if p == about {
				why = fmt.Sprintf("%s met %s", f.name(subject), f.name(about))
			} else if r, ok := reps[p]; ok {
				why = fmt.Sprintf("%s met %s, then %s of %s (%s; source: %s)", f.name(subject), f.name(p), r.Role, f.name(about),
					spanText(r.Span), orText(r.Source, "not recorded"))
			} else {
				continue
			}
			why += fmt.Sprintf(", on %s", c.Date)
			if c.Place != "" {
				why += " at " + c.Place
			}
			why += fmt.Sprintf(" (contact %s; capacity: %s; status: %s", c.ID, c.Capacity, c.Status)
			if c.ReportedBy != "" {
				why += "; reported by " + f.name(c.ReportedBy)
				if !c.ReportedOn.IsZero() {
					why += " on " + c.ReportedOn.String()
				}
			}
			why += "; source: " + orText(c.Source, "not recorded") + ")"
			out = append(out, Evidence{Kind: "contact", Record: c.ID, Date: c.Date, Status: c.Status, Why: why})
			break
		}
	}
	slices.SortFunc(out, func(a, b Evidence) int { return a.Date.Compare(b.Date) })
	return out
}

func relationships(subject, about string, from, to impartial.Date, f *Facts, types []impartial.RelType) []Evidence {
	var out []Evidence
	for _, r := range f.Relationships {
		if !((r.From == subject && r.To == about) || (r.From == about && r.To == subject)) {
			continue
		}
		if len(types) > 0 && !slices.Contains(types, r.Type) {
			continue
		}
		if !overlaps(r.Span, from, to) {
			continue
		}
		role := r.Role
		if role == "" {
			role = string(r.Type)
		}
		out = append(out, Evidence{Kind: "relationship", Record: r.ID, Date: r.Start, Status: r.Status,
			Why: fmt.Sprintf("%s: %s (%s) of %s (%s; relationship %s; source: %s)", f.name(r.From), role, r.Type, f.name(r.To),
				spanText(r.Span), r.ID, orText(r.Source, "not recorded"))})
	}
	return out
}

// overlaps reports whether span s shares a day with [from, to] (open ends).
func overlaps(s impartial.Span, from, to impartial.Date) bool {
	if !to.IsZero() && !s.Start.IsZero() && to.Before(s.Start) {
		return false
	}
	if !from.IsZero() && !s.End.IsZero() && s.End.Before(from) {
		return false
	}
	return true
}

func spanText(s impartial.Span) string {
	switch {
	case s.Start.IsZero() && s.End.IsZero():
		return "dates not recorded"
	case s.End.IsZero():
		return "from " + s.Start.String()
	case s.Start.IsZero():
		return "until " + s.End.String()
	}
	return s.Start.String() + " – " + s.End.String()
}

func orText(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
