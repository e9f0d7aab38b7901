package rules

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// List writes one line per rulebook and rule: what `impartial rules list`
// prints.
func List(w io.Writer, books []*Rulebook) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, b := range books {
		fmt.Fprintf(tw, "%s\tversion %s\t%s\tregimes: %s\n", b.ID, b.Version, b.Title, joinAny(b.Regimes))
		for _, r := range b.Rules {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", r.ID, r.Outcome, r.Citation, r.Title)
		}
	}
	return tw.Flush()
}

// Show writes a rulebook, or one rule of it when ruleID is not empty, in
// full: what `impartial rules show` prints for an ethics official to read.
func Show(w io.Writer, b *Rulebook, ruleID string) error {
	if ruleID == "" {
		fmt.Fprintf(w, "%s — %s (version %s)\nRegimes: %s\n", b.ID, b.Title, b.Version, joinAny(b.Regimes))
		if b.Description != "" {
			fmt.Fprintf(w, "%s\n", b.Description)
		}
		fmt.Fprintf(w, "Names: a party known only by name is screened at a match score of %.2f or more; below %.2f, or for a person, the finding goes to review.\n",
			b.NameMatch.MinScore, b.NameMatch.CertainScore)
		fmt.Fprintf(w, "Paths reach at most %d relationships from the covered person.\n", b.MaxHops())
	}
	found := false
	for _, r := range b.Rules {
		if ruleID != "" && r.ID != ruleID {
			continue
		}
		found = true
		fmt.Fprintln(w)
		showRule(w, r)
	}
	if !found {
		return fmt.Errorf("rulebook %s has no rule %q", b.ID, ruleID)
	}
	_, err := fmt.Fprint(w)
	return err
}

func showRule(w io.Writer, r *Rule) {
	fmt.Fprintf(w, "%s — %s\n  %s\n", r.ID, r.Citation, r.Title)
	fmt.Fprintf(w, "  Text: %s\n", r.Text)
	fmt.Fprintf(w, "  Outcome: %s (%s)\n", r.Outcome, r.Outcome.Describe())
	if len(r.Regimes) > 0 {
		fmt.Fprintf(w, "  Regimes: %s\n", joinAny(r.Regimes))
	}
	kinds := "all"
	if len(r.MatterKinds) > 0 {
		kinds = joinAny(r.MatterKinds)
	}
	if len(r.ExceptMatterKinds) > 0 {
		kinds += " except " + joinAny(r.ExceptMatterKinds)
	}
	fmt.Fprintf(w, "  Matters: %s\n", kinds)
	roles := "all"
	if len(r.PartyRoles) > 0 {
		roles = joinAny(r.PartyRoles)
	}
	fmt.Fprintf(w, "  Party roles: %s\n", roles)
	if len(r.Whose) > 0 {
		fmt.Fprintf(w, "  Interests of: %s\n", joinAny(r.Whose))
	}
	fmt.Fprintf(w, "  Look-back: %s\n", r.lookBack.Describe())
	for i, p := range r.Paths {
		fmt.Fprintf(w, "  Path %d: %s\n", i+1, describeHops(p))
		fmt.Fprintf(w, "    basis: %s", p.Basis)
		if p.Outcome != "" {
			fmt.Fprintf(w, " (outcome %s)", p.Outcome)
		}
		fmt.Fprintln(w)
	}
	for _, e := range r.Exemptions {
		fmt.Fprintf(w, "  Exemption %s (%s): %s\n", e.ID, e.Citation, e.Text)
	}
	if r.Condition != "" {
		fmt.Fprintf(w, "  Condition: %s\n", r.Condition)
		if r.ConditionText != "" {
			fmt.Fprintf(w, "    meaning: %s\n", r.ConditionText)
		}
	}
	switch {
	case r.Waivable:
		fmt.Fprintf(w, "  Waivable by: %s\n", r.WaivableBy)
	default:
		fmt.Fprintf(w, "  Cannot be waived.\n")
	}
	if len(r.PermittedBy) > 0 {
		fmt.Fprintf(w, "  Permitted by a recorded: %s\n", joinAny(r.PermittedBy))
	}
}

func describeHops(p *Pattern) string {
	if len(p.Hops) == 0 {
		return "person is a party"
	}
	parts := []string{"person"}
	for _, h := range p.Hops {
		s := strings.Join(h.Types, "|")
		if h.Dir == "in" {
			s = "<-" + s + "-"
		} else {
			s = "-" + s + "->"
		}
		var q []string
		if len(h.Roles) > 0 {
			q = append(q, "role "+strings.Join(h.Roles, "/"))
		}
		if len(h.NotRoles) > 0 {
			q = append(q, "not "+strings.Join(h.NotRoles, "/"))
		}
		if len(h.NodeKinds) > 0 {
			q = append(q, "to "+joinAny(h.NodeKinds))
		}
		if h.MinPercent > 0 {
			q = append(q, fmt.Sprintf("≥%v%%", h.MinPercent))
		}
		if len(h.NotFromFlags) > 0 {
			q = append(q, "not through "+joinAny(h.NotFromFlags))
		}
		if h.MinReps() != 1 || h.MaxReps() != 1 {
			q = append(q, fmt.Sprintf("%d..%d times", h.MinReps(), h.MaxReps()))
		}
		if h.lookBack.Kind != Active {
			q = append(q, h.lookBack.String())
		}
		if len(q) > 0 {
			s += " [" + strings.Join(q, ", ") + "]"
		}
		parts = append(parts, s)
	}
	parts = append(parts, "party")
	return strings.Join(parts, " ")
}

// Check loads a rulebook file and writes whether it is valid: what
// `impartial rules check FILE` does. The error, if any, names each rule and
// field with its problem; the caller exits non-zero.
func Check(w io.Writer, file string) error {
	b, err := Load(file)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s: rulebook %s version %s is valid: %d rules for %s, paths of up to %d hops\n",
		file, b.ID, b.Version, len(b.Rules), joinAny(b.Regimes), b.MaxHops())
	return err
}
