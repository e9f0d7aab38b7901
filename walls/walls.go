// Package walls decides wall checks: may this person view, participate in or
// be assigned to this matter, and if not, why. It is pure: the caller brings
// the person's recusals, permissions and findings and the matter, and the
// date. Topic and party scopes are resolved here, at check time, so that a
// matter opened after a recusal is covered without the recusal being
// rewritten.
package walls

import (
	"fmt"
	"slices"
	"strings"

	"github.com/impartial/impartial"
)

// FindingState is what the walls need of a stored finding: its outcome for
// one matter and rule, and whether a determination has disposed of it.
type FindingState struct {
	Matter   string
	Rule     string
	Citation string
	Outcome  impartial.Outcome
	// Disposed is set when an ethics official has decided on the finding
	// (no conflict, or authorized); the decision then governs instead.
	Disposed bool
}

// Person is everything about one covered person that a check reads.
type Person struct {
	ID          string
	Name        string
	Recusals    []*impartial.Recusal
	Permissions []*impartial.Permission
	Findings    []FindingState
}

// Decide answers a check of person doing action on m, as of asOf. The
// revision is the caller's to fill in. Decide denies when:
//
//   - a recusal in force covers the matter (named, by topic, or by party);
//   - a screen in force walls the person off the matter ("screened");
//   - a finding says the person must not participate (recuse) or needs an
//     authorization, and no determination or permission in scope has
//     disposed of it;
//   - the matter has a team and the person is not on it.
func Decide(p *Person, action impartial.Action, m *impartial.Matter, asOf impartial.Date) impartial.WallDecision {
	who := p.Name
	if who == "" {
		who = p.ID
	}
	var keys []string
	if len(p.Recusals) > 0 {
		keys = make([]string, len(m.Topics))
		for i, t := range m.Topics {
			keys[i] = impartial.TopicKey(t)
		}
	}
	for _, r := range p.Recusals {
		if !r.InForce(asOf) {
			continue
		}
		if ok, why := r.CoversWithKeys(m, keys); ok {
			reason := fmt.Sprintf("%s is recused (recusal %s, effective %s: %q); %s", who, r.ID, r.Effective, r.ScopeText, why)
			if r.Delegate != "" {
				reason += "; acting instead: " + r.Delegate
			}
			return impartial.WallDecision{Allow: false, Reason: reason, Recusal: r.ID}
		}
	}
	// A screen walls the lawyer it names off the matter: that is what cures
	// the imputation of the lawyer's conflict to colleagues (ABA Model
	// Rules 1.10(a)(2), 1.11(b), 1.12(c)), so the screened lawyer is denied.
	for _, sc := range p.Permissions {
		if sc.Kind == impartial.Screen && sc.CoversMatter(p.ID, m.ID, asOf) {
			return impartial.WallDecision{Allow: false, Reason: fmt.Sprintf("%s is screened from the matter (screen %s%s)", who, sc.ID, grantedBy(sc))}
		}
	}
	for _, f := range p.Findings {
		if f.Matter != m.ID || f.Disposed {
			continue
		}
		switch f.Outcome {
		case impartial.OutcomeRecuse, impartial.OutcomeAuthorizationRequired:
			if permitted(p.Permissions, p.ID, m.ID, f.Rule, asOf) {
				continue
			}
			return impartial.WallDecision{Allow: false, Finding: f.Rule, Reason: fmt.Sprintf(
				"a screening finding under %s says %s %s, and no determination or authorization has disposed of it",
				orText(f.Citation, f.Rule), who, f.Outcome.Describe())}
		}
	}
	if len(m.Team) > 0 && !slices.Contains(m.Team, p.ID) {
		return impartial.WallDecision{Allow: false, Reason: fmt.Sprintf("%s is not on the matter's team", who)}
	}
	if len(m.Team) > 0 {
		return impartial.WallDecision{Allow: true, Reason: "no recusal or unresolved finding applies, and " + who + " is on the matter's team"}
	}
	return impartial.WallDecision{Allow: true, Reason: "no recusal or unresolved finding applies"}
}

func grantedBy(p *impartial.Permission) string {
	if p.GrantedBy == "" {
		return ""
	}
	return ", by " + p.GrantedBy
}

// permitted reports whether a permission in scope lifts the person's own
// finding. A screen never does: it cures only imputation to colleagues.
func permitted(perms []*impartial.Permission, person, matter, rule string, asOf impartial.Date) bool {
	for _, p := range perms {
		if p.Kind != impartial.Screen && p.Covers(person, matter, rule, asOf) {
			return true
		}
	}
	return false
}

func orText(s, alt string) string {
	if strings.TrimSpace(s) == "" {
		return alt
	}
	return s
}

// NoSuchMatter is the answer about a matter that does not exist or that the
// caller may not know exists: the two must be indistinguishable.
func NoSuchMatter(matter string) impartial.WallDecision {
	return impartial.WallDecision{Allow: false, Reason: fmt.Sprintf("no matter %q", matter)}
}

// PublicStatement returns the statement a recusal may publish: it repeats
// the scope in the recusal's own words, names no matter, and confirms no
// investigation.
func PublicStatement(personName string, r *impartial.Recusal) string {
	return fmt.Sprintf("%s has recused from %s, effective %s. This recusal should not be taken as "+
		"confirmation of the existence of any investigation or other matter.", personName,
		strings.TrimSuffix(strings.TrimSpace(r.ScopeText), "."), r.Effective)
}

// Leaks returns the first confidential matter whose id or title appears in
// text, so that a public statement that would reveal one can be refused.
func Leaks(text string, confidential []*impartial.Matter) (*impartial.Matter, bool) {
	low := strings.ToLower(text)
	for _, m := range confidential {
		if strings.Contains(low, strings.ToLower(m.ID)) || strings.Contains(low, strings.ToLower(m.Title)) {
			return m, true
		}
	}
	return nil, false
}
