package impartial

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Recusal records that a covered person steps aside: from named matters,
// from every matter (pending or opened later) on a topic, or from every
// matter in which one of certain entities is a party. The scope is resolved
// when access is checked, so a matter opened after the recusal is covered
// without the recusal being rewritten.
type Recusal struct {
	ID        string `json:"id"`
	Person    string `json:"person"` // entity id of the covered person
	Effective Date   `json:"effective,omitzero"`
	Ended     Date   `json:"ended,omitzero"` // when the recusal was lifted; zero while in force
	// The scope. A matter is covered if it is named, has one of the topics,
	// or has one of the parties, and (when Kinds is set) is of one of the
	// kinds.
	Matters []string     `json:"matters,omitempty"`
	Topics  []string     `json:"topics,omitempty"`
	Parties []string     `json:"parties,omitempty"`
	Kinds   []MatterKind `json:"kinds,omitempty"`
	// ScopeText is the recusal's own words, which the covered person sees
	// ("any pending or future investigations relating in any way to the
	// 2016 campaign for president of the United States").
	ScopeText string   `json:"scope_text,omitempty"`
	Basis     string   `json:"basis,omitempty"`    // why, in words
	Rules     []string `json:"rules,omitempty"`    // ids of the rules it rests on
	Findings  []string `json:"findings,omitempty"` // ids of the findings it rests on
	Delegate  string   `json:"delegate,omitempty"` // who acts instead
	// PublicStatement is the text that may be published; generated from
	// the scope, it names no confidential matter and confirms no
	// investigation.
	PublicStatement string    `json:"public_statement,omitempty"`
	RecordedBy      string    `json:"recorded_by,omitempty"`
	RecordedAt      time.Time `json:"recorded_at,omitzero"`
	AcknowledgedAt  time.Time `json:"acknowledged_at,omitzero"` // when the covered person acknowledged it; zero until then
	Source          string    `json:"source,omitempty"`
}

// Label is how a record names itself in messages.
func (r *Recusal) Label() string { return fmt.Sprintf("recusal %q", r.ID) }

// InForce reports whether the recusal applies on asOf.
func (r *Recusal) InForce(asOf Date) bool {
	return Span{Start: r.Effective, End: r.Ended}.Active(asOf)
}

// Covers reports whether the recusal's scope takes in the matter, and why:
// "named in the recusal", "topic “2016 presidential campaign”", "party
// Donald J. Trump for President, Inc.". It does not look at dates: a recusal
// covers pending and future matters alike.
func (r *Recusal) Covers(m *Matter) (bool, string) {
	keys := make([]string, len(m.Topics))
	for i, t := range m.Topics {
		keys[i] = TopicKey(t)
	}
	return r.CoversWithKeys(m, keys)
}

// CoversWithKeys is Covers with the matter's topic keys computed by the
// caller, once for all of a person's recusals.
func (r *Recusal) CoversWithKeys(m *Matter, topicKeys []string) (bool, string) {
	if len(r.Kinds) > 0 && !slices.Contains(r.Kinds, m.Kind) {
		return false, ""
	}
	if slices.Contains(r.Matters, m.ID) {
		return true, "the matter is named in the recusal"
	}
	for _, t := range r.Topics {
		k := TopicKey(t)
		for i, mk := range topicKeys {
			if k == mk {
				return true, fmt.Sprintf("the matter's topic %q is within the recusal's scope", m.Topics[i])
			}
		}
	}
	for _, p := range r.Parties {
		for _, mp := range m.Parties {
			if mp.Entity == p {
				return true, fmt.Sprintf("%s is a party to the matter and within the recusal's scope", p)
			}
		}
	}
	return false, ""
}

// TopicKey is the form in which topics are compared: case and spacing do not
// matter.
func TopicKey(t string) string {
	if isTopicKey(t) {
		return t
	}
	return strings.Join(strings.Fields(strings.ToLower(t)), " ")
}

// isTopicKey reports whether t is already in key form: ASCII without
// capitals, single spaces between words, none at the ends. Most topics are,
// and checks compare them often.
func isTopicKey(t string) bool {
	if t == "" || t[0] == ' ' || t[len(t)-1] == ' ' {
		return t == ""
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c >= 0x80 || ('A' <= c && c <= 'Z') || c == '\t' || c == '\n' || c == '\r' || (c == ' ' && t[i-1] == ' ') {
			return false
		}
	}
	return true
}

// Validate checks the recusal on its own.
func (r *Recusal) Validate() error {
	var p Problems
	rec := r.Label()
	checkID(&p, rec, "id", r.ID)
	checkID(&p, rec, "person", r.Person)
	if r.Effective.IsZero() {
		p.add(rec, "effective", "is required")
	}
	if !r.Ended.IsZero() && r.Ended.Before(r.Effective) {
		p.add(rec, "ended", "%s is before effective %s", r.Ended, r.Effective)
	}
	if len(r.Matters)+len(r.Topics)+len(r.Parties) == 0 {
		p.add(rec, "scope", "names no matter, topic or party: a recusal must cover something")
	}
	for i, k := range r.Kinds {
		if !slices.Contains(MatterKinds, k) {
			p.add(rec, fmt.Sprintf("kinds[%d]", i), "%q is not a matter kind (want one of %s)", k, join(MatterKinds))
		}
	}
	for i, t := range r.Topics {
		if strings.TrimSpace(t) == "" {
			p.add(rec, fmt.Sprintf("topics[%d]", i), "is empty")
		}
	}
	if strings.TrimSpace(r.ScopeText) == "" {
		p.add(rec, "scope_text", "is required: the words the covered person and the public will read")
	}
	return p.Err()
}

// Decision is an ethics official's decision on a finding.
type Decision string

// The decisions.
const (
	DecideRecuse     Decision = "recuse"
	DecideAuthorize  Decision = "authorize"
	DecideNoConflict Decision = "no_conflict"
)

// Decisions lists the valid decisions.
var Decisions = []Decision{DecideRecuse, DecideAuthorize, DecideNoConflict}

// Determination is an ethics official's review of a finding and, once made,
// the decision. It is never edited: a new determination supersedes it.
type Determination struct {
	ID     string `json:"id"`
	Person string `json:"person"`
	Matter string `json:"matter,omitempty"`
	Rule   string `json:"rule,omitempty"` // the finding's rule
	// The review: what the reviewer recommends and why.
	Recommendation Decision  `json:"recommendation,omitempty"`
	ReviewReasons  string    `json:"review_reasons,omitempty"`
	ReviewedBy     string    `json:"reviewed_by,omitempty"`
	ReviewedAt     time.Time `json:"reviewed_at,omitzero"`
	// The decision, once made.
	Decision   Decision  `json:"decision,omitempty"`
	Reasons    string    `json:"reasons,omitempty"`
	DecidedBy  string    `json:"decided_by,omitempty"`
	DecidedAt  time.Time `json:"decided_at,omitzero"`
	Recusal    string    `json:"recusal,omitempty"`    // the recusal recorded by a recuse decision
	Permission string    `json:"permission,omitempty"` // the authorization recorded by an authorize decision
	Supersedes string    `json:"supersedes,omitempty"` // the determination this one replaces
}

// Label is how a record names itself in messages.
func (d *Determination) Label() string { return fmt.Sprintf("determination %q", d.ID) }

// Validate checks the determination on its own.
func (d *Determination) Validate() error {
	var p Problems
	rec := d.Label()
	checkID(&p, rec, "id", d.ID)
	checkID(&p, rec, "person", d.Person)
	checkID(&p, rec, "matter", d.Matter)
	if d.Recommendation != "" && !slices.Contains(Decisions, d.Recommendation) {
		p.add(rec, "recommendation", "%q is not a decision (want one of %s)", d.Recommendation, join(Decisions))
	}
	if d.Decision != "" && !slices.Contains(Decisions, d.Decision) {
		p.add(rec, "decision", "%q is not a decision (want one of %s)", d.Decision, join(Decisions))
	}
	if d.Recommendation == "" && d.Decision == "" {
		p.add(rec, "decision", "a determination needs a recommendation or a decision")
	}
	if d.Recommendation != "" && strings.TrimSpace(d.ReviewReasons) == "" {
		p.add(rec, "review_reasons", "a recommendation needs its reasons")
	}
	if d.Decision != "" && strings.TrimSpace(d.Reasons) == "" {
		p.add(rec, "reasons", "a decision needs written reasons")
	}
	if d.Decision != "" && d.DecidedBy == "" {
		p.add(rec, "decided_by", "is required: who decided")
	}
	return p.Err()
}

// Action is what a person wants to do with a matter, as other systems ask
// the wall check.
type Action string

// The actions.
const (
	View        Action = "view"        // see the matter or a document in it
	Participate Action = "participate" // act on it: advise, decide, sign
	Assign      Action = "assign"      // be assigned to it
)

// Actions lists the valid actions.
var Actions = []Action{View, Participate, Assign}

// WallDecision is the answer of a wall check: allow or deny, why, and the
// revision of the walls it was evaluated at, so that an audit can replay it.
type WallDecision struct {
	Allow   bool   `json:"allow"`
	Reason  string `json:"reason"`
	Recusal string `json:"recusal,omitempty"` // the recusal that denies
	Finding string `json:"finding,omitempty"` // the finding that denies (rule id)
	// Pending is the number of the re-screening work whose pending state
	// denies (see Rescreen).
	Pending  int64 `json:"pending,omitempty"`
	Revision int64 `json:"revision"`
}
