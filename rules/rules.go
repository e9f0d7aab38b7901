// Package rules holds rulebooks: versioned sets of conflict-of-interest rules
// written as data (JSON), so that an ethics office can read, review and
// change what the screening engine applies without changing code. Three
// rulebooks are shipped in the binary — U.S. executive branch and DOJ,
// federal judiciary, law firm — and others can be loaded from files. A
// rulebook that does not parse, validate or type-check is refused with the
// rule id and the problem.
package rules

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/google/cel-go/cel"
	"github.com/impartial/impartial"
)

// Rulebook is a versioned set of rules for one or more regimes. Findings
// carry the rulebook's id and version, so that a stored finding can be traced
// to the rules that produced it and recomputed when they change.
type Rulebook struct {
	ID          string             `json:"id"`
	Version     string             `json:"version"`
	Title       string             `json:"title"`
	Description string             `json:"description,omitempty"`
	Regimes     []impartial.Regime `json:"regimes"`
	// NameMatch says how far to trust a party known only by name.
	NameMatch NameMatchPolicy `json:"name_match"`
	// Reach says, per regime, which matters its covered persons are
	// screened against at all: a judge the cases before the court, an
	// agency employee the agency's matters, a lawyer the firm's
	// engagements. A regime without an entry reaches every matter.
	Reach []*Reach `json:"reach,omitempty"`
	Rules []*Rule  `json:"rules"`

	maxHops int
}

// Reach is the reach of one or more regimes: which kinds of matter, and
// which forums. Screening outside it is over-flagging — the flood of raw
// hits that makes conflict systems unusable — so a person is screened only
// within reach, and a matter whose forum is not recorded is within reach
// (the conservative reading).
type Reach struct {
	Regimes []impartial.Regime `json:"regimes"`
	// MatterKinds the regime reaches; empty means all.
	MatterKinds []impartial.MatterKind `json:"matter_kinds,omitempty"`
	// Forum says in words whose matters they are ("the cases pending
	// before the judge's court").
	Forum string `json:"forum"`
	// ForumAsParty: the person's forum reaches a matter of another forum in
	// which it takes part (the agency is a party, the firm is counsel).
	ForumAsParty bool `json:"forum_as_party,omitempty"`
}

// Reaches reports whether a person with the coverage is screened against
// the matter. The matter's forums are its Forum and its tribunal parties;
// the person's is Coverage.Forum. Either side unrecorded is within reach.
// (A rule that binds while serving also reaches the matter served in: see
// ReachesServing.)
func (b *Rulebook) Reaches(cov *impartial.Coverage, m *impartial.Matter) bool {
	if len(b.Reach) == 0 {
		return true
	}
	ok, _ := b.reaches(cov, m, false)
	return ok
}

// ReachWhy is Reaches with the reason a matter is out of reach, in words.
func (b *Rulebook) ReachWhy(cov *impartial.Coverage, m *impartial.Matter) (bool, string) {
	return b.reaches(cov, m, true)
}

// ReachesServing reports whether a rule that binds while serving (Serving)
// reaches a matter of another forum because the person serves in it: the
// firm's lawyer sitting as arbitrator on another body's panel takes part in
// that arbitration (ABA Model Rule 1.12(b)), though it is none of the
// firm's engagements. The matter must still be of a kind the regime
// reaches.
func (b *Rulebook) ReachesServing(r *Rule, person string, cov *impartial.Coverage, m *impartial.Matter, asOf impartial.Date) bool {
	if r.ServingAs(person, m, asOf) == nil {
		return false
	}
	rc := b.reachOf(cov.Regime)
	return rc == nil || len(rc.MatterKinds) == 0 || slices.Contains(rc.MatterKinds, m.Kind)
}

// reachOf returns the first reach the regime is listed in, or nil: a regime
// without one reaches every matter.
func (b *Rulebook) reachOf(regime impartial.Regime) *Reach {
	for _, r := range b.Reach {
		if slices.Contains(r.Regimes, regime) {
			return r
		}
	}
	return nil
}

func (b *Rulebook) reaches(cov *impartial.Coverage, m *impartial.Matter, why bool) (bool, string) {
	rc := b.reachOf(cov.Regime)
	if rc == nil {
		return true, ""
	}
	if len(rc.MatterKinds) > 0 && !slices.Contains(rc.MatterKinds, m.Kind) {
		if !why {
			return false, ""
		}
		return false, fmt.Sprintf("a %s is not a kind of matter the %s regime reaches", m.Kind, cov.Regime)
	}
	if cov.Forum == "" {
		return true, ""
	}
	named := m.Forum != ""
	if m.Forum == cov.Forum {
		return true, ""
	}
	for _, p := range m.Parties {
		if p.Role == impartial.Tribunal {
			named = true
		}
		if p.Entity == cov.Forum && (p.Role == impartial.Tribunal || rc.ForumAsParty) {
			return true, ""
		}
	}
	if !named {
		return true, ""
	}
	if !why {
		return false, ""
	}
	return false, fmt.Sprintf("the matter is not one of %s's (%s)", cov.Forum, rc.Forum)
}

// NameMatchPolicy sets the scores at which a party known only by name is
// taken to be a known entity. A match at or above MinScore is screened; one
// below CertainScore, or of a person, lowers the path to review, because a
// name alone does not establish who someone is.
type NameMatchPolicy struct {
	MinScore     float64 `json:"min_score"`
	CertainScore float64 `json:"certain_score"`
}

// Rule is one rule of a rulebook: what it covers, how far back it looks,
// what it concludes and whether that can be waived.
type Rule struct {
	ID       string `json:"id"`
	Citation string `json:"citation"`
	Title    string `json:"title"`
	// Text is a faithful paraphrase of the rule, quoting only short phrases.
	Text string `json:"text"`
	// Regimes restricts the rule to some of the rulebook's regimes (28 CFR
	// 45.2 binds DOJ employees only); empty means all of them.
	Regimes []impartial.Regime `json:"regimes,omitempty"`
	// MatterKinds restricts the rule to kinds of matter; empty means all.
	MatterKinds []impartial.MatterKind `json:"matter_kinds,omitempty"`
	// ExceptMatterKinds excludes kinds of matter (5 CFR 2635.502 does not
	// reach matters of general applicability).
	ExceptMatterKinds []impartial.MatterKind `json:"except_matter_kinds,omitempty"`
	// PartyRoles are the roles in a matter the rule covers; empty means all.
	PartyRoles []impartial.PartyRole `json:"party_roles,omitempty"`
	// Paths are the chains of relationships from the covered person to a
	// party that the rule covers.
	Paths []*Pattern `json:"paths"`
	// LookBack is the default window of the first step of each path:
	// "active", "any", "ended", "at_contact" or a number of years such as "1y".
	LookBack string `json:"look_back,omitempty"`
	// Whose lists whose financial interests count (self, spouse, minor
	// child...); empty means the rule does not look at whose interest it is.
	Whose []impartial.Whose `json:"whose,omitempty"`
	// Exemptions are regulatory exemptions, such as de-minimis thresholds,
	// that permit participation without a recorded act.
	Exemptions []*Exemption `json:"exemptions,omitempty"`
	// Outcome is what the rule concludes when a path is found.
	Outcome impartial.Outcome `json:"outcome"`
	// DisputedOutcome is the outcome when a fact on the path is disputed;
	// default review. It never raises the rule's outcome.
	DisputedOutcome impartial.Outcome `json:"disputed_outcome,omitempty"`
	Waivable        bool              `json:"waivable"`
	WaivableBy      string            `json:"waivable_by,omitempty"`
	// PermittedBy lists the kinds of recorded act that permit participation
	// despite the rule: authorization, waiver, consent, exemption,
	// divestiture, screen.
	PermittedBy []impartial.PermissionKind `json:"permitted_by,omitempty"`
	// Condition is an optional CEL expression over person, matter, paths,
	// contacts and as_of that must be true for the rule to apply.
	Condition string `json:"condition,omitempty"`
	// ConditionText says what the condition means, for explanations.
	ConditionText string `json:"condition_text,omitempty"`
	// Participation concludes from a person's recorded personal
	// participation in the matter (or a related one): ABA Model Rules 1.9,
	// 1.11, 1.12, 28 USC 455(b)(2)-(3).
	Participation *ParticipationClause `json:"participation,omitempty"`
	// PledgeYears makes the rule one of the ethics pledge (Executive Orders
	// 13770, 13989): it screens only appointees who signed the pledge, for
	// that many years from the signing, and the first relationship of a
	// path must have been held within that many years before the signing
	// (a former employer or client). Zero: not a pledge rule.
	PledgeYears int `json:"pledge_years,omitempty"`
	// Serving makes the rule bind a person only while serving in the matter
	// screened: recorded as its participant in one of these capacities on
	// the as-of date (ABA Model Rule 1.12(b): a judge, arbitrator, mediator
	// or law clerk negotiating for employment with a party or its lawyer).
	// A participation not recorded as substantial lowers the finding to
	// review. Empty: the rule does not ask.
	Serving []impartial.ParticipationCapacity `json:"serving,omitempty"`

	lookBack LookBack
	program  cel.Program
	allPaths []*Pattern
}

// Pattern is one chain of relationships a rule covers, from the covered
// person to a party of the matter, hop by hop.
type Pattern struct {
	// Basis says in words which part of the rule a path of this shape meets.
	Basis string `json:"basis"`
	Hops  []*Hop `json:"hops"`
	// Outcome overrides the rule's outcome for this pattern (a campaign
	// surrogate is not by definition a principal adviser).
	Outcome impartial.Outcome `json:"outcome,omitempty"`
	// Matters restricts the pattern to matters of general applicability
	// ("general") or to particular matters involving specific parties
	// ("specific"); empty means both. 18 USC 208 reads an employment
	// interest differently in a rulemaking (5 CFR 2640.203(g)).
	Matters string `json:"matters,omitempty"`
	// PartyRoles narrows the rule's party roles for this pattern: a path of
	// this shape counts only to a party in one of them (28 USC
	// 455(b)(5)(iv): a relative recorded as a material witness is a ground,
	// one recorded as a witness is for review). Empty: the rule's.
	PartyRoles []impartial.PartyRole `json:"party_roles,omitempty"`

	// unlisted is the hop of a pattern made by the rulebook (see
	// Rule.AllPaths) whose role no pattern of the rule recognises; -1 (or
	// 0 in a zero Pattern, which is never unlisted: see UnlistedHop) for
	// the patterns a rulebook states.
	unlisted   int
	recognised []string // the roles the rule recognises at that hop, as written
}

// CoversMatter reports whether the pattern applies to a matter of the kind.
func (p *Pattern) CoversMatter(k impartial.MatterKind) bool {
	return matterScope(p.Matters, k)
}

// CoversRole reports whether a path of the pattern counts to a party in the
// role (the rule's party roles are checked apart: see Rule.CoversRole).
func (p *Pattern) CoversRole(role impartial.PartyRole) bool {
	return len(p.PartyRoles) == 0 || slices.Contains(p.PartyRoles, role)
}

func matterScope(scope string, k impartial.MatterKind) bool {
	switch scope {
	case "general":
		return k.GeneralApplicability()
	case "specific":
		return !k.GeneralApplicability()
	}
	return true
}

// UnlistedHop returns the index of the hop whose role no pattern of the
// rule recognises, for a pattern made by Rule.AllPaths, or -1.
func (p *Pattern) UnlistedHop() int {
	if p.unlisted <= 0 {
		return -1
	}
	return p.unlisted - 1
}

// Recognised returns the roles the rule recognises at the unlisted hop, for
// explanations.
func (p *Pattern) Recognised() []string { return p.recognised }

// Hop is one step of a Pattern: which relationships (or contacts) it may
// follow, in which direction, how many times, and what they must look like.
type Hop struct {
	// Types are relationship types, or "contact" for a recorded contact.
	Types []string `json:"types"`
	// Dir is "out" (the default: recorded from the person's side towards the
	// party), "in" (recorded the other way) or "both". Family, household and
	// contact hops are symmetric: a family relationship recorded the other
	// way is read with the inverse role (a recorded "parent" is a "child").
	Dir string `json:"dir,omitempty"`
	// Roles the relationship must have (matched ignoring case, with "_" and
	// "-" as spaces, and as a leading phrase: "ambassador" matches
	// "Ambassador to the United States"); empty means any.
	Roles    []string `json:"roles,omitempty"`
	NotRoles []string `json:"not_roles,omitempty"`
	// Capacities the relationship or contact must have; empty means any.
	Capacities []string `json:"capacities,omitempty"`
	// NodeKinds are the kinds of entity the hop may reach; empty means any.
	NodeKinds []impartial.EntityKind `json:"node_kinds,omitempty"`
	// NotFromFlags stops the hop from leaving an entity that carries one of
	// the flags: no interest passes through a diversified fund.
	NotFromFlags []impartial.Flag `json:"not_from_flags,omitempty"`
	// MinPercent is the least share an ownership or holding must have to
	// carry an interest through (control of a subsidiary). A share that is
	// not recorded passes, with a note.
	MinPercent float64 `json:"min_percent,omitempty"`
	// Min and Max repeat the hop (ownership chains); default 1 and 1.
	Min *int `json:"min,omitempty"`
	Max int  `json:"max,omitempty"`
	// LookBack overrides the window for this hop; default the rule's for
	// the first hop and "active" for the others.
	LookBack string `json:"look_back,omitempty"`
	// MaxDegree bounds the degree of kinship along repeated family hops
	// (28 USC 455(b)(5): within the third degree). Zero means no bound.
	MaxDegree int `json:"max_degree,omitempty"`
	// UnlistedRoles says what becomes of a relationship of the hop's types
	// whose role the rule does not recognise (matches none of the Roles and
	// NotRoles of any of the rule's hops of those types): "review" sends
	// the path to review under the rule, naming the role; "" (the default)
	// drops it. A closed list of titles must not make a tie vanish: an
	// adviser whose title is not on 28 CFR 45.2's list is still a tie the
	// rule is about.
	UnlistedRoles string `json:"unlisted_roles,omitempty"`

	lookBack   LookBack
	roles      []string
	notRoles   []string
	capacities []string
}

// ParticipationClause is the part of a rule that turns on a person having
// taken part personally in the matter screened, or in one recorded as the
// same matter or (if SubstantiallyRelated) substantially related to it.
type ParticipationClause struct {
	// Capacities of participation the clause covers.
	Capacities []impartial.ParticipationCapacity `json:"capacities"`
	// SubstantiallyRelated: a matter recorded as substantially related
	// counts too (ABA Model Rule 1.9(a)); otherwise only the same matter.
	SubstantiallyRelated bool `json:"substantially_related,omitempty"`
	// PrincipalRoles: the client the person acted for (OnBehalfOf) must be
	// a party of the matter screened in one of these roles (1.9(a): now
	// materially adverse). Empty: not asked.
	PrincipalRoles []impartial.PartyRole `json:"principal_roles,omitempty"`
	// Basis says in words which part of the rule the participation meets.
	Basis string `json:"basis"`
	// Imputed extends the clause to the participant's colleagues at a firm
	// (an organisation or company both are employed by or hold a position
	// at), unless the participant is screened (1.11(b), 1.12(c)).
	Imputed      bool   `json:"imputed,omitempty"`
	ImputedBasis string `json:"imputed_basis,omitempty"`
	// ImputedCapacities limits the imputation to these capacities (28 USC
	// 455(b)(2): a former partner's service as a lawyer); empty: all of
	// Capacities.
	ImputedCapacities []impartial.ParticipationCapacity `json:"imputed_capacities,omitempty"`
	// ImputedWhileAssociated: the colleague tie must have held during the
	// participation (both at the firm then), not on the as-of date — "a
	// lawyer with whom he previously practiced law served during such
	// association" (28 USC 455(b)(2)). No screen cures it.
	ImputedWhileAssociated bool `json:"imputed_while_associated,omitempty"`
	// Outcome of the clause; default the rule's. A participation not
	// recorded as personal and substantial is lowered to review.
	Outcome impartial.Outcome `json:"outcome,omitempty"`
	// RequireSubstantial: lower to review unless recorded as substantial.
	RequireSubstantial bool `json:"require_substantial,omitempty"`
	// PartisanArbitrator: an arbitrator participation on behalf of a party
	// (on_behalf_of: the party that chose the arbitrator for a multimember
	// panel) does not count where that party is a client in the matter
	// screened: a partisan arbitrator may afterwards represent it (ABA Model
	// Rule 1.12(d)).
	PartisanArbitrator bool `json:"partisan_arbitrator,omitempty"`
	// Former: the clause reaches only a participation that is over — the
	// rules of a former government lawyer, judge, clerk or neutral (ABA
	// Model Rules 1.11(a), 1.12(a): a matter in which the lawyer
	// "participated"). A participation in the matter screened that is
	// current on the as-of date (not ended: Span.Active) is the person's
	// service in it, not a former one, and neither counts nor is imputed
	// (1.11(b), 1.12(c) impute only a lawyer disqualified by (a)); a lawyer
	// serving in the matter is bound by 1.12(b) instead. A participation in
	// another matter recorded as the same counts however it is dated.
	Former bool `json:"former,omitempty"`
}

// Current reports whether the clause, one of former participation
// (Former), does not count the participation pp recorded in matter in
// when screening matter screened on asOf: pp is the person's current
// service in the matter screened itself.
func (c *ParticipationClause) Current(pp *impartial.Participant, in, screened *impartial.Matter, asOf impartial.Date) bool {
	return c.Former && in.ID == screened.ID && (impartial.Span{Start: pp.Start, End: pp.End}).Active(asOf)
}

// Partisan reports whether the participation is excepted by the clause's
// PartisanArbitrator in the matter screened: an arbitrator who sat on
// behalf of a party that is now a client.
func (c *ParticipationClause) Partisan(pp *impartial.Participant, m *impartial.Matter) bool {
	if !c.PartisanArbitrator || pp.Capacity != impartial.AsArbitrator || pp.OnBehalfOf == "" {
		return false
	}
	return slices.ContainsFunc(m.Parties, func(p impartial.MatterParty) bool {
		return p.Entity == pp.OnBehalfOf && p.Role == impartial.ClientRole
	})
}

// Exemption is a regulatory exemption that permits participation despite a
// financial interest, such as 5 CFR 2640.202's de-minimis thresholds for
// publicly traded securities.
type Exemption struct {
	ID       string `json:"id"`
	Citation string `json:"citation"`
	Text     string `json:"text"`
	// PartyRoles are the roles of the party whose securities are held.
	PartyRoles []impartial.PartyRole `json:"party_roles"`
	// IssuerFlags must all be carried by the issuer of the securities held.
	IssuerFlags []impartial.Flag `json:"issuer_flags,omitempty"`
	// Whose holdings are added up and may be exempt.
	Whose []impartial.Whose `json:"whose,omitempty"`
	// MaxAggregate is the most the holdings, added up across all issuers
	// within the exemption, may be worth (the upper end of each range).
	MaxAggregate int64 `json:"max_aggregate,omitempty"`
	// MaxPerIssuer is the most the holdings in any one issuer may be worth.
	MaxPerIssuer int64 `json:"max_per_issuer,omitempty"`
	// Matters is "general" for an exemption of matters of general
	// applicability only (5 CFR 2640.202(c)), "specific" for particular
	// matters involving specific parties only (2640.202(a)-(b)); empty: both.
	Matters string `json:"matters,omitempty"`
}

// CoversMatter reports whether the exemption applies to a matter of the kind.
func (e *Exemption) CoversMatter(k impartial.MatterKind) bool { return matterScope(e.Matters, k) }

// LookBack is a parsed look-back window.
type LookBack struct {
	Kind  LookBackKind
	Years int // for Within
}

// LookBackKind says how a look-back window tests dates.
type LookBackKind uint8

// The look-back kinds.
const (
	// Active: the relationship holds on the as-of date.
	Active LookBackKind = iota
	// Any: the relationship started on or before the as-of date, ended or not.
	Any
	// Ended: the relationship ended before the as-of date (a former client).
	Ended
	// Within: active, or ended within Years before the as-of date.
	Within
	// AtContact: active on the date of the contact earlier on the path
	// (the ambassador held the post when the meeting took place).
	AtContact
)

// ParseLookBack reads "active", "any", "ended", "at_contact" or "Ny" (N
// years, N ≥ 1).
func ParseLookBack(s string) (LookBack, error) {
	switch strings.TrimSpace(s) {
	case "", "active":
		return LookBack{Kind: Active}, nil
	case "any":
		return LookBack{Kind: Any}, nil
	case "ended":
		return LookBack{Kind: Ended}, nil
	case "at_contact":
		return LookBack{Kind: AtContact}, nil
	}
	if n, ok := strings.CutSuffix(strings.TrimSpace(s), "y"); ok {
		if y, err := strconv.Atoi(n); err == nil && y >= 1 && y <= 100 {
			return LookBack{Kind: Within, Years: y}, nil
		}
	}
	return LookBack{}, fmt.Errorf("%q is not a look-back (want active, any, ended, at_contact or a number of years such as 1y)", s)
}

// String writes the look-back as ParseLookBack reads it.
func (l LookBack) String() string {
	switch l.Kind {
	case Any:
		return "any"
	case Ended:
		return "ended"
	case Within:
		return fmt.Sprintf("%dy", l.Years)
	case AtContact:
		return "at_contact"
	}
	return "active"
}

// Describe says the window in words.
func (l LookBack) Describe() string {
	switch l.Kind {
	case Any:
		return "at any time up to the as-of date"
	case Ended:
		return "ended before the as-of date"
	case Within:
		if l.Years == 1 {
			return "current or ended within the last year"
		}
		return fmt.Sprintf("current or ended within the last %d years", l.Years)
	case AtContact:
		return "held at the time of the contact"
	}
	return "current on the as-of date"
}

// Holds reports whether a relationship over span passes the window on asOf.
// AtContact is checked against the contact's date by the engine; here it
// only requires the span to have started.
func (l LookBack) Holds(span impartial.Span, asOf impartial.Date) bool {
	started := span.Start.IsZero() || !asOf.Last().Before(span.Start.First())
	switch l.Kind {
	case Any, AtContact:
		return started
	case Ended:
		return started && !span.End.IsZero() && span.End.Last().Before(asOf.First())
	case Within:
		return started && span.EndedWithin(asOf, l.Years)
	}
	return span.Active(asOf)
}

// ContactType is the pseudo relationship type of a hop that follows a
// recorded contact.
const ContactType = "contact"

// AllPaths returns the rule's paths followed by those the rulebook derives
// from hops with unlisted_roles "review": the same chain with that hop
// taking only the roles the rule does not recognise, concluding review.
// The engine and the reference evaluator both screen all of them.
func (r *Rule) AllPaths() []*Pattern { return r.allPaths }

// LookBackWindow returns the rule's parsed default look-back.
func (r *Rule) LookBackWindow() LookBack { return r.lookBack }

// Window returns the hop's parsed look-back.
func (h *Hop) Window() LookBack { return h.lookBack }

// MinReps returns how many times the hop must repeat (default 1).
func (h *Hop) MinReps() int {
	if h.Min == nil {
		return 1
	}
	return *h.Min
}

// MaxReps returns how many times the hop may repeat (default 1).
func (h *Hop) MaxReps() int { return max(h.Max, h.MinReps(), 1) }

// HasType reports whether the hop follows relationships of type t.
func (h *Hop) HasType(t string) bool { return slices.Contains(h.Types, t) }

// RoleMatches reports whether a relationship role passes the hop's Roles and
// NotRoles.
func (h *Hop) RoleMatches(role string) bool {
	n := NormalizeRole(role)
	if len(h.roles) > 0 && !matchesAny(h.roles, n) {
		return false
	}
	return !matchesAny(h.notRoles, n)
}

// CapacityMatches reports whether a capacity passes the hop's Capacities.
func (h *Hop) CapacityMatches(c string) bool {
	return len(h.capacities) == 0 || matchesAny(h.capacities, NormalizeRole(c))
}

// KindMatches reports whether the hop may reach an entity of kind k.
func (h *Hop) KindMatches(k impartial.EntityKind) bool {
	return len(h.NodeKinds) == 0 || slices.Contains(h.NodeKinds, k)
}

func matchesAny(patterns []string, n string) bool {
	for _, p := range patterns {
		if n == p || strings.HasPrefix(n, p+" ") {
			return true
		}
	}
	return false
}

// NormalizeRole lowercases a role and reads "_" and "-" as spaces, so that
// "principal_adviser" in a rulebook matches "Principal Adviser" in a record.
func NormalizeRole(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = roleReplacer.Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

var roleReplacer = strings.NewReplacer("_", " ", "-", " ")

// Applies reports whether the rule applies to a person of the regime.
func (r *Rule) Applies(regime impartial.Regime) bool {
	return len(r.Regimes) == 0 || slices.Contains(r.Regimes, regime)
}

// CoversMatter reports whether the rule applies to a matter of the kind.
func (r *Rule) CoversMatter(k impartial.MatterKind) bool {
	if slices.Contains(r.ExceptMatterKinds, k) {
		return false
	}
	return len(r.MatterKinds) == 0 || slices.Contains(r.MatterKinds, k)
}

// CoversRole reports whether the rule covers a party in the role.
func (r *Rule) CoversRole(role impartial.PartyRole) bool {
	return len(r.PartyRoles) == 0 || slices.Contains(r.PartyRoles, role)
}

// ImputesCapacity reports whether the clause imputes a participation in
// capacity k to the participant's colleagues.
func (c *ParticipationClause) ImputesCapacity(k impartial.ParticipationCapacity) bool {
	return c.Imputed && (len(c.ImputedCapacities) == 0 || slices.Contains(c.ImputedCapacities, k))
}

// CountsWhose reports whether the rule counts an interest that is w's; a
// rule without Whose counts every path.
func (r *Rule) CountsWhose(w impartial.Whose) bool {
	return len(r.Whose) == 0 || slices.Contains(r.Whose, w)
}

// PermittedByKind reports whether a recorded act of kind k can permit
// participation despite the rule.
func (r *Rule) PermittedByKind(k impartial.PermissionKind) bool {
	return slices.Contains(r.PermittedBy, k)
}

// Disputed returns the outcome for a path with a disputed fact.
func (r *Rule) Disputed() impartial.Outcome {
	if r.DisputedOutcome == "" {
		return impartial.OutcomeReview
	}
	return r.DisputedOutcome
}

// PledgeApplies reports whether a pledge rule binds a person with the
// coverage on asOf: an appointee who signed the pledge fewer than
// PledgeYears years before. A rule that is not a pledge rule always applies.
func (r *Rule) PledgeApplies(cov *impartial.Coverage, asOf impartial.Date) bool {
	if r.PledgeYears == 0 {
		return true
	}
	if cov == nil || cov.Pledge.IsZero() || !cov.Appointee {
		return false
	}
	return !asOf.Last().Before(cov.Pledge.First()) && asOf.First().Before(cov.Pledge.AddYears(r.PledgeYears).First())
}

// PledgeTie reports whether a relationship over span was held within the
// pledge rule's years before the signing: started by the signing, and not
// ended before the window opened.
func (r *Rule) PledgeTie(span impartial.Span, pledge impartial.Date) bool {
	if !span.Start.IsZero() && pledge.Last().Before(span.Start.First()) {
		return false
	}
	return span.End.IsZero() || !span.End.Last().Before(pledge.AddYears(-r.PledgeYears).First())
}

// ServingAs returns the person's participation in the matter in one of the
// rule's Serving capacities on asOf — a substantial one if there is one —
// or nil. A rule without Serving returns nil.
func (r *Rule) ServingAs(person string, m *impartial.Matter, asOf impartial.Date) *impartial.Participant {
	var found *impartial.Participant
	for i := range m.Participants {
		p := &m.Participants[i]
		if p.Person != person || !r.servesAs(p, asOf) {
			continue
		}
		if found == nil || (p.Substantial && !found.Substantial) {
			found = p
		}
	}
	return found
}

// AnyServing reports whether anyone serves in m, as of asOf, in a capacity
// the rule binds while serving in (Serving). Where no one does, none of the
// rule's paths can bind (ServingAs is nil for every person), so screening
// need not walk them.
func (r *Rule) AnyServing(m *impartial.Matter, asOf impartial.Date) bool {
	for i := range m.Participants {
		if r.servesAs(&m.Participants[i], asOf) {
			return true
		}
	}
	return false
}

// servesAs reports whether the participation is, on asOf, service in one
// of the capacities the rule binds while serving in.
func (r *Rule) servesAs(p *impartial.Participant, asOf impartial.Date) bool {
	return slices.Contains(r.Serving, p.Capacity) && (impartial.Span{Start: p.Start, End: p.End}).Active(asOf)
}

// HasCondition reports whether the rule has a CEL condition.
func (r *Rule) HasCondition() bool { return r.program != nil }

// MaxHops returns the most relationship hops any path of any rule can take:
// how far from a changed fact a re-screen must look.
func (b *Rulebook) MaxHops() int { return b.maxHops }

// Rule returns the rule with the id, or nil.
func (b *Rulebook) Rule(id string) *Rule {
	for _, r := range b.Rules {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Covers reports whether the rulebook screens persons of the regime.
func (b *Rulebook) Covers(regime impartial.Regime) bool { return slices.Contains(b.Regimes, regime) }

// Parse reads a rulebook from JSON and checks it: unknown fields, missing
// ids and citations, unknown kinds, roles and flags, bad look-backs and CEL
// conditions that do not compile or are not boolean are all refused, each
// naming the rule and field.
func Parse(data []byte) (*Rulebook, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var b Rulebook
	if err := dec.Decode(&b); err != nil {
		return nil, &impartial.Error{Kind: impartial.Invalid, Record: "rulebook", Msg: "does not parse", Err: err}
	}
	if dec.More() {
		return nil, &impartial.Error{Kind: impartial.Invalid, Record: "rulebook", Msg: "has data after the rulebook object"}
	}
	if err := b.compile(); err != nil {
		return nil, err
	}
	return &b, nil
}

// Load reads and checks a rulebook file.
func Load(path string) (*Rulebook, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &impartial.Error{Kind: impartial.Invalid, Msg: "cannot read rulebook", Err: err}
	}
	b, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

func (b *Rulebook) compile() error {
	var p impartial.Problems
	add := func(rec, field, format string, args ...any) {
		p = append(p, impartial.FieldError(rec, field, format, args...))
	}
	const book = "rulebook"
	if strings.TrimSpace(b.ID) == "" {
		add(book, "id", "is required")
	}
	if strings.TrimSpace(b.Version) == "" {
		add(book, "version", "is required")
	}
	if len(b.Regimes) == 0 {
		add(book, "regimes", "is required: the regimes whose covered persons this rulebook screens")
	}
	for i, g := range b.Regimes {
		if !slices.Contains(impartial.Regimes, g) {
			add(book, fmt.Sprintf("regimes[%d]", i), "%q is not a regime (want one of %s)", g, joinAny(impartial.Regimes))
		}
	}
	if b.NameMatch.MinScore == 0 {
		b.NameMatch.MinScore = 0.70
	}
	if b.NameMatch.CertainScore == 0 {
		b.NameMatch.CertainScore = 0.90
	}
	if nm := b.NameMatch; nm.MinScore < 0 || nm.MinScore > 1 || nm.CertainScore < nm.MinScore || nm.CertainScore > 1 {
		add(book, "name_match", "want 0 ≤ min_score ≤ certain_score ≤ 1, have %v and %v", nm.MinScore, nm.CertainScore)
	}
	if len(b.Rules) == 0 {
		add(book, "rules", "is empty")
	}
	reached := map[impartial.Regime]bool{}
	for i, rc := range b.Reach {
		f := fmt.Sprintf("reach[%d]", i)
		if rc == nil {
			add(book, f, "is null")
			continue
		}
		if len(rc.Regimes) == 0 {
			add(book, f+".regimes", "is required")
		}
		for j, g := range rc.Regimes {
			if !slices.Contains(b.Regimes, g) {
				add(book, fmt.Sprintf("%s.regimes[%d]", f, j), "%q is not one of the rulebook's regimes (%s)", g, joinAny(b.Regimes))
			} else if reached[g] {
				add(book, fmt.Sprintf("%s.regimes[%d]", f, j), "%q has an earlier reach", g)
			}
			reached[g] = true
		}
		for j, k := range rc.MatterKinds {
			if !slices.Contains(impartial.MatterKinds, k) {
				add(book, fmt.Sprintf("%s.matter_kinds[%d]", f, j), "%q is not a matter kind (want one of %s)", k, joinAny(impartial.MatterKinds))
			}
		}
		if strings.TrimSpace(rc.Forum) == "" {
			add(book, f+".forum", "is required: say in words whose matters the regime reaches")
		}
	}
	env, err := conditionEnv()
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	b.maxHops = 0
	for i, r := range b.Rules {
		if r == nil {
			add(book, fmt.Sprintf("rules[%d]", i), "is null")
			continue
		}
		rec := fmt.Sprintf("rule %q", r.ID)
		if r.ID == "" {
			rec = fmt.Sprintf("rules[%d]", i)
			add(rec, "id", "is required")
		} else if seen[r.ID] {
			add(rec, "id", "is used by an earlier rule")
		}
		seen[r.ID] = true
		if strings.TrimSpace(r.Citation) == "" {
			add(rec, "citation", "is required")
		}
		if strings.TrimSpace(r.Text) == "" {
			add(rec, "text", "is required")
		}
		for j, g := range r.Regimes {
			if !slices.Contains(b.Regimes, g) {
				add(rec, fmt.Sprintf("regimes[%d]", j), "%q is not one of the rulebook's regimes (%s)", g, joinAny(b.Regimes))
			}
		}
		for j, k := range append(slices.Clone(r.MatterKinds), r.ExceptMatterKinds...) {
			if !slices.Contains(impartial.MatterKinds, k) {
				add(rec, fmt.Sprintf("matter_kinds[%d]", j), "%q is not a matter kind (want one of %s)", k, joinAny(impartial.MatterKinds))
			}
		}
		for j, pr := range r.PartyRoles {
			if !slices.Contains(impartial.PartyRoles, pr) {
				add(rec, fmt.Sprintf("party_roles[%d]", j), "%q is not a party role (want one of %s)", pr, joinAny(impartial.PartyRoles))
			}
		}
		for j, w := range r.Whose {
			if !slices.Contains(impartial.Whoses, w) {
				add(rec, fmt.Sprintf("whose[%d]", j), "%q is not one of %s", w, joinAny(impartial.Whoses))
			}
		}
		if !r.Outcome.Valid() || r.Outcome == impartial.OutcomeClear || r.Outcome == impartial.OutcomePermitted {
			add(rec, "outcome", "%q is not a rule outcome (want recuse, authorization_required or review)", r.Outcome)
		}
		if r.DisputedOutcome != "" && (!r.DisputedOutcome.Valid() || r.DisputedOutcome.Severity() > r.Outcome.Severity()) {
			add(rec, "disputed_outcome", "%q must be an outcome no stricter than %q", r.DisputedOutcome, r.Outcome)
		}
		for j, k := range r.PermittedBy {
			f := fmt.Sprintf("permitted_by[%d]", j)
			switch {
			case !slices.Contains(impartial.PermissionKinds, k):
				add(rec, f, "%q is not a permission kind (want one of %s)", k, joinAny(impartial.PermissionKinds))
			case !r.Waivable && (k == impartial.Waiver || k == impartial.Authorization || k == impartial.Consent):
				add(rec, f, "%q contradicts waivable: false (a rule that cannot be waived cannot be lifted by a %s)", k, k)
			}
		}
		if r.Waivable && r.WaivableBy == "" {
			add(rec, "waivable_by", "is required when the rule is waivable: say who can waive or authorize")
		}
		if r.PledgeYears < 0 || r.PledgeYears > 10 {
			add(rec, "pledge_years", "%d is outside 0-10", r.PledgeYears)
		}
		for j, k := range r.Serving {
			if !slices.Contains(impartial.ParticipationCapacities, k) {
				add(rec, fmt.Sprintf("serving[%d]", j), "%q is not a capacity (want one of %s)", k, joinAny(impartial.ParticipationCapacities))
			}
		}
		if r.lookBack, err = ParseLookBack(r.LookBack); err != nil {
			add(rec, "look_back", "%v", err)
		}
		if len(r.Paths) == 0 && r.Participation == nil {
			add(rec, "paths", "is empty: a rule must say which relationship paths (or which participation) it covers")
		}
		if c := r.Participation; c != nil {
			if len(c.Capacities) == 0 {
				add(rec, "participation.capacities", "is required")
			}
			for j, k := range c.Capacities {
				if !slices.Contains(impartial.ParticipationCapacities, k) {
					add(rec, fmt.Sprintf("participation.capacities[%d]", j), "%q is not a capacity (want one of %s)", k, joinAny(impartial.ParticipationCapacities))
				}
			}
			for j, k := range c.ImputedCapacities {
				if !c.Imputed || !slices.Contains(c.Capacities, k) {
					add(rec, fmt.Sprintf("participation.imputed_capacities[%d]", j), "%q must be one of the clause's capacities, on an imputed clause", k)
				}
			}
			if c.ImputedWhileAssociated && !c.Imputed {
				add(rec, "participation.imputed_while_associated", "applies only to an imputed clause")
			}
			if strings.TrimSpace(c.Basis) == "" || (c.Imputed && strings.TrimSpace(c.ImputedBasis) == "") {
				add(rec, "participation.basis", "is required (and imputed_basis when imputed)")
			}
			if c.Outcome == "" {
				c.Outcome = r.Outcome
			} else if !c.Outcome.Valid() || c.Outcome == impartial.OutcomeClear || c.Outcome == impartial.OutcomePermitted {
				add(rec, "participation.outcome", "%q is not a rule outcome", c.Outcome)
			}
			b.maxHops = max(b.maxHops, 2)
		}
		for j, pt := range r.Paths {
			if pt == nil {
				add(rec, fmt.Sprintf("paths[%d]", j), "is null")
				continue
			}
			hops := b.compilePattern(&p, rec, fmt.Sprintf("paths[%d]", j), r, pt)
			b.maxHops = max(b.maxHops, hops)
		}
		r.allPaths = append(slices.Clone(r.Paths), r.unlistedPatterns()...)
		for _, pt := range r.allPaths[len(r.Paths):] {
			b.compilePattern(&p, rec, "derived path", r, pt)
		}
		for j, e := range r.Exemptions {
			f := fmt.Sprintf("exemptions[%d]", j)
			if e == nil {
				add(rec, f, "is null")
				continue
			}
			if e.ID == "" || e.Citation == "" {
				add(rec, f, "needs an id and a citation")
			}
			if len(e.PartyRoles) == 0 {
				add(rec, f+".party_roles", "is required")
			}
			for k, fl := range e.IssuerFlags {
				if !slices.Contains(impartial.Flags, fl) {
					add(rec, fmt.Sprintf("%s.issuer_flags[%d]", f, k), "%q is not a flag (want one of %s)", fl, joinAny(impartial.Flags))
				}
			}
			if e.Matters != "" && e.Matters != "general" && e.Matters != "specific" {
				add(rec, f+".matters", "%q is not a scope of matters (want general or specific)", e.Matters)
			}
			if e.MaxAggregate <= 0 && e.MaxPerIssuer <= 0 {
				add(rec, f, "needs max_aggregate or max_per_issuer")
			}
		}
		r.program = nil
		if strings.TrimSpace(r.Condition) != "" {
			prg, err := compileCondition(env, r.Condition)
			if err != nil {
				add(rec, "condition", "%v", err)
			} else {
				r.program = prg
			}
		}
	}
	return p.Err()
}

// unlistedPatterns derives, for each hop with unlisted_roles "review", the
// pattern that takes the roles the rule does not recognise at that hop: the
// same hops, that one with no Roles and every role the rule's hops of the
// same types name as NotRoles, concluding review.
func (r *Rule) unlistedPatterns() []*Pattern {
	var out []*Pattern
	for _, pt := range r.Paths {
		if pt == nil {
			continue
		}
		for k, h := range pt.Hops {
			if h == nil || h.UnlistedRoles != "review" {
				continue
			}
			var known []string
			for _, q := range r.Paths {
				for _, o := range q.Hops {
					if o != nil && slices.ContainsFunc(o.Types, func(t string) bool { return slices.Contains(h.Types, t) }) {
						known = append(known, o.Roles...)
						known = append(known, o.NotRoles...)
					}
				}
			}
			slices.Sort(known)
			known = slices.Compact(known)
			hops := make([]*Hop, len(pt.Hops))
			for i, o := range pt.Hops {
				c := *o
				hops[i] = &c
			}
			u := *h
			u.Roles, u.NotRoles, u.UnlistedRoles = nil, known, ""
			hops[k] = &u
			out = append(out, &Pattern{
				Basis:      fmt.Sprintf("a %s relationship whose role the rule does not list, for review against %s", strings.Join(h.Types, " or "), pt.Basis),
				Hops:       hops,
				Outcome:    impartial.OutcomeReview,
				Matters:    pt.Matters,
				PartyRoles: pt.PartyRoles,
				unlisted:   k + 1,
				recognised: known,
			})
		}
	}
	return out
}

// compilePattern checks a pattern and returns the most hops it can take.
func (b *Rulebook) compilePattern(p *impartial.Problems, rec, field string, r *Rule, pt *Pattern) int {
	add := func(f, format string, args ...any) {
		*p = append(*p, impartial.FieldError(rec, f, format, args...))
	}
	if strings.TrimSpace(pt.Basis) == "" {
		add(field+".basis", "is required: say which part of the rule a path of this shape meets")
	}
	if pt.Matters != "" && pt.Matters != "general" && pt.Matters != "specific" {
		add(field+".matters", "%q is not a scope of matters (want general or specific)", pt.Matters)
	}
	if pt.Outcome != "" && (!pt.Outcome.Valid() || pt.Outcome == impartial.OutcomeClear || pt.Outcome == impartial.OutcomePermitted) {
		add(field+".outcome", "%q is not a rule outcome", pt.Outcome)
	}
	for j, pr := range pt.PartyRoles {
		if !r.CoversRole(pr) {
			add(fmt.Sprintf("%s.party_roles[%d]", field, j), "%q is not one of the rule's party roles (%s)", pr, joinAny(r.PartyRoles))
		} else if !slices.Contains(impartial.PartyRoles, pr) {
			add(fmt.Sprintf("%s.party_roles[%d]", field, j), "%q is not a party role (want one of %s)", pr, joinAny(impartial.PartyRoles))
		}
	}
	total := 0
	for k, h := range pt.Hops {
		f := fmt.Sprintf("%s.hops[%d]", field, k)
		if h == nil {
			add(f, "is null")
			continue
		}
		if len(h.Types) == 0 {
			add(f+".types", "is required")
		}
		for m, t := range h.Types {
			if t != ContactType && !slices.Contains(impartial.RelTypes, impartial.RelType(t)) {
				add(fmt.Sprintf("%s.types[%d]", f, m), "%q is not a relationship type (want contact or one of %s)", t, joinAny(impartial.RelTypes))
			}
		}
		switch h.Dir {
		case "", "out", "in", "both":
		default:
			add(f+".dir", "%q is not a direction (want out, in or both)", h.Dir)
		}
		for m, kd := range h.NodeKinds {
			if !kd.Valid() {
				add(fmt.Sprintf("%s.node_kinds[%d]", f, m), "%q is not an entity kind (want one of %s)", kd, joinAny(impartial.EntityKinds))
			}
		}
		for m, fl := range h.NotFromFlags {
			if !slices.Contains(impartial.Flags, fl) {
				add(fmt.Sprintf("%s.not_from_flags[%d]", f, m), "%q is not a flag (want one of %s)", fl, joinAny(impartial.Flags))
			}
		}
		if h.MinPercent < 0 || h.MinPercent > 100 {
			add(f+".min_percent", "%v is outside 0-100", h.MinPercent)
		}
		if h.Min != nil && (*h.Min < 0 || *h.Min > 6) {
			add(f+".min", "%d is outside 0-6", *h.Min)
		}
		if h.Max < 0 || h.Max > 6 || (h.Max != 0 && h.Max < h.MinReps()) {
			add(f+".max", "%d must be between min and 6", h.Max)
		}
		switch h.UnlistedRoles {
		case "":
		case "review":
			if len(h.Roles) == 0 {
				add(f+".unlisted_roles", "needs roles: a hop that takes any role has no unlisted role")
			}
		default:
			add(f+".unlisted_roles", "%q is not what becomes of an unlisted role (want review, or leave it out)", h.UnlistedRoles)
		}
		lb := h.LookBack
		if lb == "" && k == 0 {
			lb = r.LookBack
		}
		var err error
		if h.lookBack, err = ParseLookBack(lb); err != nil {
			add(f+".look_back", "%v", err)
		}
		h.roles = normalizeAll(h.Roles)
		h.notRoles = normalizeAll(h.NotRoles)
		h.capacities = normalizeAll(h.Capacities)
		total += h.MaxReps()
	}
	return total
}

func normalizeAll(ss []string) []string {
	if len(ss) == 0 {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = NormalizeRole(s)
	}
	return out
}

func joinAny[T ~string](vs []T) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

// Set is the rulebooks in force, one per regime: how the rulebook for a
// covered person is chosen from their Coverage.Regime.
type Set struct {
	books []*Rulebook
}

// NewSet makes a set from rulebooks. Later rulebooks take precedence over
// earlier ones for the regimes they cover, so a loaded file can replace a
// shipped rulebook.
func NewSet(books ...*Rulebook) *Set {
	s := &Set{}
	for _, b := range books {
		s = s.With(b)
	}
	return s
}

// With returns a copy of the set in which b replaces any rulebook with the
// same id and takes precedence for the regimes it covers.
func (s *Set) With(b *Rulebook) *Set {
	out := &Set{books: []*Rulebook{b}}
	for _, o := range s.books {
		if o.ID != b.ID {
			out.books = append(out.books, o)
		}
	}
	return out
}

// For returns the rulebook that screens persons of the regime, or nil.
func (s *Set) For(regime impartial.Regime) *Rulebook {
	for _, b := range s.books {
		if b.Covers(regime) {
			return b
		}
	}
	return nil
}

// Books returns the rulebooks, each once, in order of precedence.
func (s *Set) Books() []*Rulebook { return slices.Clone(s.books) }

// Book returns the rulebook with the id, or nil.
func (s *Set) Book(id string) *Rulebook {
	for _, b := range s.books {
		if b.ID == id {
			return b
		}
	}
	return nil
}

// MaxHops returns the most hops of any rulebook in the set.
func (s *Set) MaxHops() int {
	m := 0
	for _, b := range s.books {
		m = max(m, b.maxHops)
	}
	return m
}

// Patterns returns the hop's roles, excluded roles and capacities as
// normalized by NormalizeRole, for engines that match many records.
func (h *Hop) Patterns() (roles, notRoles, capacities []string) {
	return h.roles, h.notRoles, h.capacities
}

// MatchesNormalized reports whether a normalized value s matches one of the
// normalized patterns: equal, or beginning with the pattern as a phrase.
func MatchesNormalized(patterns []string, s string) bool { return matchesAny(patterns, s) }
