package impartial

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Outcome is what screening concludes for a covered person, a matter and a
// rule. The outcomes are ordered by how much they restrict the person, so
// that the strictest of several paths or rules decides.
type Outcome string

// The outcomes, from the strictest to the least strict.
const (
	// OutcomeRecuse: the person must not participate in the matter.
	OutcomeRecuse Outcome = "recuse"
	// OutcomeAuthorizationRequired: the person may participate only with a
	// written authorization, waiver or informed consent.
	OutcomeAuthorizationRequired Outcome = "authorization_required"
	// OutcomeReview: the facts need an ethics official's judgement.
	OutcomeReview Outcome = "review"
	// OutcomePermitted: a conflict exists, but a recorded authorization,
	// exemption, cure or screen permits participation.
	OutcomePermitted Outcome = "permitted"
	// OutcomeClear: no rule applies.
	OutcomeClear Outcome = "clear"
)

// Outcomes lists the valid outcomes, strictest first.
var Outcomes = []Outcome{OutcomeRecuse, OutcomeAuthorizationRequired, OutcomeReview, OutcomePermitted, OutcomeClear}

// Valid reports whether o is one of Outcomes.
func (o Outcome) Valid() bool { return slices.Contains(Outcomes, o) }

// Severity ranks the outcome: 4 for recuse down to 0 for clear, -1 for an
// unknown outcome. Higher is stricter.
func (o Outcome) Severity() int {
	switch o {
	case OutcomeRecuse:
		return 4
	case OutcomeAuthorizationRequired:
		return 3
	case OutcomeReview:
		return 2
	case OutcomePermitted:
		return 1
	case OutcomeClear:
		return 0
	}
	return -1
}

// Stricter returns the stricter of a and b.
func Stricter(a, b Outcome) Outcome {
	if b.Severity() > a.Severity() {
		return b
	}
	return a
}

// Describe says in words what the outcome means for the person.
func (o Outcome) Describe() string {
	switch o {
	case OutcomeRecuse:
		return "must not participate"
	case OutcomeAuthorizationRequired:
		return "may participate only with a written authorization, waiver or informed consent"
	case OutcomeReview:
		return "for an ethics official's judgement"
	case OutcomePermitted:
		return "a conflict exists, but a recorded authorization, exemption, cure or screen permits participation"
	case OutcomeClear:
		return "no conflict found"
	}
	return "unknown outcome"
}

// PermissionKind says what kind of recorded act permits participation
// despite a conflict. Rules say which kinds can lift them: 455(b) grounds
// cannot be waived, only cured by divestiture under 28 USC 455(f).
type PermissionKind string

// The kinds of permission.
const (
	// Authorization under 5 CFR 2635.502(d) or 28 CFR 45.2(b).
	Authorization PermissionKind = "authorization"
	// Waiver under 18 USC 208(b)(1) or (b)(3), or by parties under 28 USC 455(e).
	Waiver PermissionKind = "waiver"
	// Consent: a client's informed consent, confirmed in writing (ABA Model Rule 1.7(b)).
	Consent PermissionKind = "consent"
	// Exemption: a recorded individual exemption (e.g. under 5 CFR 2640).
	Exemption PermissionKind = "exemption"
	// Divestiture: the interest was sold, curing the conflict (28 USC 455(f)).
	Divestiture PermissionKind = "divestiture"
	// Screen: a timely ethical wall around a conflicted lawyer (ABA Model
	// Rules 1.10(a)(2), 1.11(b), 1.12(c)).
	Screen PermissionKind = "screen"
)

// PermissionKinds lists the valid permission kinds.
var PermissionKinds = []PermissionKind{Authorization, Waiver, Consent, Exemption, Divestiture, Screen}

// Permission is a recorded authorization, waiver, consent, exemption, cure or
// screen. It is what lets screening say "permitted" and name the act that
// permits; without one, a conflict stays a conflict.
type Permission struct {
	ID   string         `json:"id"`
	Kind PermissionKind `json:"kind"`
	// Person is whom it permits or, for a screen, the lawyer who is walled
	// off (whose conflict would otherwise be imputed to the firm).
	Person string `json:"person"`
	// Matter is the single matter it covers; empty means every matter.
	// Authorizations and waivers are single-matter; screens and exemptions
	// may be general.
	Matter string `json:"matter,omitempty"`
	// Rules it lifts, by rule id; empty means every rule that the kind can lift.
	Rules     []string `json:"rules,omitempty"`
	Granted   Date     `json:"granted,omitzero"`
	GrantedBy string   `json:"granted_by,omitempty"` // who authorized, waived, consented
	Span               // when it is in force; zero ends are open
	Reason    string   `json:"reason,omitempty"`
	Source    string   `json:"source,omitempty"`
}

// Label is how a record names itself in messages.
func (p *Permission) Label() string { return fmt.Sprintf("permission %q", p.ID) }

// Validate checks the permission on its own.
func (p *Permission) Validate() error {
	var pr Problems
	rec := p.Label()
	checkID(&pr, rec, "id", p.ID)
	if !slices.Contains(PermissionKinds, p.Kind) {
		pr.add(rec, "kind", "%q is not a permission kind (want one of %s)", p.Kind, join(PermissionKinds))
	}
	checkID(&pr, rec, "person", p.Person)
	if p.Matter != "" {
		checkID(&pr, rec, "matter", p.Matter)
	}
	checkSpan(&pr, rec, "", p.Span)
	return pr.Err()
}

// Covers reports whether the permission applies to the person, matter and
// rule on asOf.
func (p *Permission) Covers(person, matter, rule string, asOf Date) bool {
	if len(p.Rules) > 0 && !slices.Contains(p.Rules, rule) {
		return false
	}
	return p.CoversMatter(person, matter, asOf)
}

// CoversMatter reports whether the permission applies to the person and
// matter on asOf, under whichever rules it names: a screen walls the lawyer
// off the matter whatever rule made the screen necessary.
func (p *Permission) CoversMatter(person, matter string, asOf Date) bool {
	if p.Person != person || (p.Matter != "" && p.Matter != matter) {
		return false
	}
	if !p.Granted.IsZero() && !asOf.IsZero() && asOf.Last().Before(p.Granted.First()) {
		return false
	}
	return asOf.IsZero() || p.Active(asOf)
}

// Explain says what the permission is, in a sentence.
func (p *Permission) Explain() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", indefArticle(string(p.Kind)), strings.ReplaceAll(string(p.Kind), "_", " "))
	fmt.Fprintf(&b, " (%s)", p.ID)
	if p.GrantedBy != "" {
		fmt.Fprintf(&b, " by %s", p.GrantedBy)
	}
	if !p.Granted.IsZero() {
		fmt.Fprintf(&b, " on %s", p.Granted)
	}
	if p.Reason != "" {
		fmt.Fprintf(&b, ": %s", p.Reason)
	}
	if p.Source != "" {
		fmt.Fprintf(&b, "; source: %s", p.Source)
	}
	return b.String()
}

// StepKind says what links two things on an explaining path.
type StepKind string

// The step kinds.
const (
	StepRelationship StepKind = "relationship" // a recorded relationship
	StepContact      StepKind = "contact"      // a recorded meeting or communication
	StepNameMatch    StepKind = "name_match"   // a party known only by name matched to an entity
	StepParty        StepKind = "party"        // an entity takes part in the matter
	// StepParticipation: a person took part personally in a matter (Role
	// is the capacity, Record the matter).
	StepParticipation StepKind = "participation"
	// StepRelatedMatter: the matter participated in is the same as, or
	// substantially related to, the matter screened (Role the relation).
	StepRelatedMatter StepKind = "related_matter"
)

// NameMatch is how a party known only by name was matched to an entity: the
// score and the matcher's explanation, so a reviewer can judge the match.
type NameMatch struct {
	Query       string  `json:"query"`   // the name the matter gives
	Matched     string  `json:"matched"` // the entity's name or alias that matched
	Score       float64 `json:"score"`   // 0..1
	Explanation string  `json:"explanation,omitempty"`
	// Identifier is set when an identifier the party carries, not its name,
	// found the entity: "cik 1478320".
	Identifier string `json:"identifier,omitempty"`
}

// Step is one link of an explaining path, with the dates, source and status
// of the fact it rests on. From and To are as recorded, whatever direction
// the path walks the relationship.
type Step struct {
	Kind     StepKind `json:"kind"`
	Record   string   `json:"record,omitempty"` // relationship or contact id; for a party step, the matter id
	From     string   `json:"from,omitempty"`
	FromName string   `json:"from_name,omitempty"`
	To       string   `json:"to,omitempty"`
	ToName   string   `json:"to_name,omitempty"`
	Type     RelType  `json:"type,omitempty"`
	Role     string   `json:"role,omitempty"`
	Detail   string   `json:"detail,omitempty"`
	Capacity string   `json:"capacity,omitempty"`
	// Start and End date a relationship (and, for a party step, the
	// matter's opening and closing).
	Start Date `json:"start,omitzero"`
	End   Date `json:"end,omitzero"`
	// Date dates a contact.
	Date       Date       `json:"date,omitzero"`
	Place      string     `json:"place,omitempty"`
	ReportedBy string     `json:"reported_by,omitempty"` // name of who reported a contact
	ReportedOn Date       `json:"reported_on,omitzero"`
	Whose      Whose      `json:"whose,omitempty"`
	Amount     *Amount    `json:"amount,omitempty"`
	Percent    *float64   `json:"percent,omitempty"`
	Status     Status     `json:"status,omitempty"`
	Source     string     `json:"source,omitempty"`
	PartyRole  PartyRole  `json:"party_role,omitempty"`
	Match      *NameMatch `json:"match,omitempty"`
}

// Explain says what the step records, with its dates and source, in a
// sentence a lawyer can read.
func (s Step) Explain() string {
	from, to := orText(s.FromName, s.From), orText(s.ToName, s.To)
	var b strings.Builder
	switch s.Kind {
	case StepNameMatch:
		m := s.Match
		if m == nil {
			m = &NameMatch{}
		}
		if m.Identifier != "" {
			fmt.Fprintf(&b, "the matter names a party %q, identified as %s by the identifier %s (score %.2f", m.Query, to, m.Identifier, m.Score)
		} else {
			fmt.Fprintf(&b, "the matter names a party %q, matched by name to %s (%q, score %.2f", m.Query, to, m.Matched, m.Score)
		}
		if m.Explanation != "" {
			fmt.Fprintf(&b, ": %s", m.Explanation)
		}
		b.WriteString(")")
		fmt.Fprintf(&b, " (%s; source: %s)", stepDates(s.Start, s.End, "opened"), orText(s.Source, "not recorded"))
		return b.String()
	case StepParty:
		fmt.Fprintf(&b, "%s is %s the matter", from, partyRolePhrase(s.PartyRole))
		if s.ToName != "" {
			fmt.Fprintf(&b, " %q", s.ToName)
		}
		fmt.Fprintf(&b, " (%s; source: %s)", stepDates(s.Start, s.End, "opened"), orText(s.Source, "not recorded"))
		return b.String()
	case StepParticipation:
		fmt.Fprintf(&b, "%s took part in the matter %q as %s", from, to, strings.ReplaceAll(orText(s.Role, "participant"), "_", " "))
		if s.Detail != "" {
			fmt.Fprintf(&b, " (%s)", s.Detail)
		}
		extra := []string{stepDates(s.Start, s.End, "from")}
		if s.Status == Disputed {
			extra = append(extra, "status: disputed")
		}
		extra = append(extra, "source: "+orText(s.Source, "not recorded"))
		fmt.Fprintf(&b, " (%s)", strings.Join(extra, "; "))
		return b.String()
	case StepRelatedMatter:
		rel := "the same matter as"
		if s.Role == string(SubstantiallyRelated) {
			rel = "substantially related to"
		}
		fmt.Fprintf(&b, "the matter %q is %s the matter %q (%s; source: %s)", from, rel, to, stepDates(s.Start, s.End, "opened"), orText(s.Source, "not recorded"))
		return b.String()
	case StepContact:
		fmt.Fprintf(&b, "%s met or communicated with %s", from, to)
		if !s.Date.IsZero() {
			fmt.Fprintf(&b, " on %s", s.Date)
		}
		if s.Place != "" {
			fmt.Fprintf(&b, " at %s", s.Place)
		}
		var extra []string
		if s.Capacity != "" {
			extra = append(extra, "capacity: "+s.Capacity)
		}
		if s.ReportedBy != "" || !s.ReportedOn.IsZero() {
			r := "reported"
			if s.ReportedBy != "" {
				r += " by " + s.ReportedBy
			}
			if !s.ReportedOn.IsZero() {
				r += " on " + s.ReportedOn.String()
			}
			extra = append(extra, r)
		}
		if s.Status != "" {
			extra = append(extra, "status: "+string(s.Status))
		}
		if s.Date.IsZero() {
			extra = append(extra, "date not recorded")
		}
		extra = append(extra, "source: "+orText(s.Source, "not recorded"))
		fmt.Fprintf(&b, " (%s)", strings.Join(extra, "; "))
		return b.String()
	}
	b.WriteString(relationshipSentence(s, from, to))
	extra := []string{stepDates(s.Start, s.End, "from")}
	if s.Capacity != "" {
		extra = append(extra, "capacity: "+s.Capacity)
	}
	if s.Status == Disputed {
		extra = append(extra, "status: disputed")
	}
	extra = append(extra, "source: "+orText(s.Source, "not recorded"))
	fmt.Fprintf(&b, " (%s)", strings.Join(extra, "; "))
	return b.String()
}

func relationshipSentence(s Step, from, to string) string {
	past := !s.End.IsZero()
	be := "is"
	if past {
		be = "was"
	}
	role := strings.ReplaceAll(s.Role, "_", " ")
	withDetail := func(r string) string {
		if s.Detail != "" {
			return r + " (" + s.Detail + ")"
		}
		return r
	}
	switch s.Type {
	case Campaign:
		return fmt.Sprintf("%s %s %s to %s", from, be, withDetail(orText(role, "in a campaign role")), to)
	case Candidate:
		return fmt.Sprintf("%s %s the candidate of %s", from, be, to)
	case Position:
		return fmt.Sprintf("%s %s %s at %s", from, be, withDetail(orText(role, "in a position")), to)
	case Employment:
		if role == "prospective" {
			return fmt.Sprintf("%s %s seeking employment with %s", from, be, to)
		}
		if role != "" {
			return fmt.Sprintf("%s %s employed by %s as %s", from, be, to, withDetail(role))
		}
		return fmt.Sprintf("%s %s employed by %s", from, be, to)
	case Family:
		degree := "degree not recorded"
		if role != "relative" && role != "" {
			degree = []string{"by marriage", "first degree", "second degree", "third degree", "fourth degree"}[KinshipDegree(role)]
		}
		return fmt.Sprintf("%s %s %s's %s (%s)", to, be, from, orText(role, "relative"), degree)
	case Household:
		return fmt.Sprintf("%s and %s share a household", from, to)
	case Holding:
		v := fmt.Sprintf("%s holds a financial interest in %s", from, to)
		if past {
			v = fmt.Sprintf("%s held a financial interest in %s", from, to)
		}
		var q []string
		if s.Amount != nil {
			q = append(q, "worth "+s.Amount.String())
		}
		if s.Percent != nil {
			q = append(q, strconv.FormatFloat(*s.Percent, 'f', -1, 64)+"%")
		}
		if s.Whose != "" && s.Whose != Self {
			q = append(q, "the interest of "+from+"'s "+strings.ReplaceAll(string(s.Whose), "_", " "))
		}
		if s.Detail != "" {
			q = append(q, s.Detail)
		}
		if len(q) > 0 {
			v += ", " + strings.Join(q, ", ")
		}
		return v
	case Ownership:
		pct := "an unrecorded share"
		if s.Percent != nil {
			pct = strconv.FormatFloat(*s.Percent, 'f', -1, 64) + "%"
		}
		if past {
			return withDetail(fmt.Sprintf("%s owned %s of %s", from, pct, to))
		}
		return withDetail(fmt.Sprintf("%s owns %s of %s", from, pct, to))
	case Membership:
		return fmt.Sprintf("%s %s %s of %s", from, be, orText(role, "a member"), to)
	case Client:
		return fmt.Sprintf("%s %s a client of %s", from, be, to)
	case Representation:
		return fmt.Sprintf("%s %s counsel to %s", from, be, to)
	case Business:
		if role != "" {
			return fmt.Sprintf("%s %s in business with %s as %s", from, be, to, role)
		}
		return fmt.Sprintf("%s %s in business with %s", from, be, to)
	}
	return fmt.Sprintf("%s %s related to %s (%s %s)", from, be, to, s.Type, role)
}

func partyRolePhrase(r PartyRole) string {
	switch r {
	case Subject:
		return "a subject of"
	case Target:
		return "a target of"
	case Party:
		return "a party to"
	case DirectlyAffected:
		return "directly affected by"
	case Victim:
		return "a victim in"
	case Counsel:
		return "counsel in"
	case Amicus:
		return "amicus in"
	case ClientRole:
		return "the client in"
	case Adverse:
		return "adverse in"
	}
	return fmt.Sprintf("a participant (%s) in", r)
}

func stepDates(start, end Date, startWord string) string {
	switch {
	case start.IsZero() && end.IsZero():
		return "dates not recorded"
	case end.IsZero():
		return startWord + " " + start.String()
	case start.IsZero():
		return "start not recorded – " + end.String()
	}
	return start.String() + " – " + end.String()
}

func orText(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func indefArticle(w string) string {
	if w != "" && strings.ContainsRune("aeiou", rune(w[0])) {
		return "an"
	}
	return "a"
}

// Path is one chain of facts that links a covered person to a matter under a
// rule: the person's relationships or contacts, the entities they lead to,
// and the party step that ties the last of them to the matter.
type Path struct {
	Steps []Step `json:"steps"`
	// Outcome is this path's own outcome, after look-backs, statuses,
	// exemptions and permissions.
	Outcome Outcome `json:"outcome"`
	// Basis says which part of the rule the path meets, e.g. "a political
	// relationship under 28 CFR 45.2(c)(1)".
	Basis string `json:"basis"`
	// Whose is, for a financial interest, whose interest it is.
	Whose Whose `json:"whose,omitempty"`
	// Notes say why the outcome differs from the rule's: a disputed fact, an
	// exemption, a permission, a name match that needs confirming.
	Notes []string `json:"notes,omitempty"`
}

// Explain joins the steps' sentences and the basis.
func (p Path) Explain() string {
	parts := make([]string, len(p.Steps))
	for i, s := range p.Steps {
		parts[i] = s.Explain()
		if i > 0 {
			parts[i] = "then " + parts[i]
		}
	}
	out := capitalizeFirst(strings.Join(parts, "; "))
	if p.Basis != "" {
		out += ": " + p.Basis
	}
	out += "."
	for _, n := range p.Notes {
		out += " " + capitalizeFirst(strings.TrimSuffix(n, ".")) + "."
	}
	return out
}

func capitalizeFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Finding is the conclusion for one covered person, one matter and one rule:
// the outcome and every path that explains it, with the rule's citation and
// the rulebook version that produced it, so that a stored finding can be
// traced to the rules in force when it was made.
type Finding struct {
	Person          string       `json:"person"`
	PersonName      string       `json:"person_name,omitempty"`
	Matter          string       `json:"matter"`
	MatterTitle     string       `json:"matter_title,omitempty"`
	Rule            string       `json:"rule"`
	Citation        string       `json:"citation"`
	RuleTitle       string       `json:"rule_title,omitempty"`
	Rulebook        string       `json:"rulebook"`
	RulebookVersion string       `json:"rulebook_version"`
	AsOf            Date         `json:"as_of"`
	Outcome         Outcome      `json:"outcome"`
	Reason          string       `json:"reason"` // why this outcome, in a sentence
	Waivable        bool         `json:"waivable"`
	WaivableBy      string       `json:"waivable_by,omitempty"`
	Permissions     []Permission `json:"permissions,omitempty"` // those that permit, when Outcome is permitted
	Paths           []Path       `json:"paths"`
}

// Key identifies the finding: person, matter and rule.
func (f *Finding) Key() string { return f.Person + "\x00" + f.Matter + "\x00" + f.Rule }

// Explain writes the finding for a lawyer: who, which matter, the outcome,
// the rule and its citation, why, and every path with its dates and sources.
func (f *Finding) Explain() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s — %s: %s (%s).\n", orText(f.PersonName, f.Person), orText(f.MatterTitle, f.Matter),
		strings.ToUpper(strings.ReplaceAll(string(f.Outcome), "_", " ")), f.Outcome.Describe())
	fmt.Fprintf(&b, "Rule %s, %s", f.Rule, f.Citation)
	if f.RuleTitle != "" {
		fmt.Fprintf(&b, " — %s", f.RuleTitle)
	}
	fmt.Fprintf(&b, " (rulebook %s version %s, as of %s).\n", f.Rulebook, f.RulebookVersion, f.AsOf)
	if f.Reason != "" {
		fmt.Fprintf(&b, "Why: %s\n", f.Reason)
	}
	for i, p := range f.Paths {
		fmt.Fprintf(&b, "Path %d (%s): %s\n", i+1, p.Outcome, p.Explain())
	}
	for _, p := range f.Permissions {
		fmt.Fprintf(&b, "Permitted by %s.\n", p.Explain())
	}
	switch {
	case f.Outcome == OutcomeClear || f.Outcome == OutcomePermitted:
	case f.Outcome == OutcomeReview && !f.Waivable:
	case f.Waivable && f.WaivableBy != "":
		fmt.Fprintf(&b, "Can be waived or authorized by %s.\n", f.WaivableBy)
	case f.Waivable:
		b.WriteString("Can be waived or authorized.\n")
	default:
		b.WriteString("Cannot be waived.\n")
	}
	return strings.TrimRight(b.String(), "\n")
}
