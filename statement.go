package impartial

import (
	"fmt"
	"slices"
	"strconv"
)

// StatementKind says what kind of record a statement is on.
type StatementKind string

// The statement kinds.
const (
	Testimony     StatementKind = "testimony"
	Questionnaire StatementKind = "questionnaire"
	Disclosure    StatementKind = "disclosure"
	Letter        StatementKind = "letter"
	PublicRemark  StatementKind = "public_remark"
)

// StatementKinds lists the valid statement kinds.
var StatementKinds = []StatementKind{Testimony, Questionnaire, Disclosure, Letter, PublicRemark}

// AssertionKind is the structured form of what a statement asserts, so that
// it can be compared with the recorded facts.
type AssertionKind string

// The assertion kinds.
const (
	// NoContact: Subject had no contact with About (or its representatives)
	// during the period.
	NoContact AssertionKind = "no_contact"
	// NoRelationship: Subject had no relationship with About in the period.
	NoRelationship AssertionKind = "no_relationship"
	// NoHolding: Subject (and household) held no interest in About.
	NoHolding AssertionKind = "no_holding"
	// Other: free text the system records but does not check.
	Other AssertionKind = "other"
)

// AssertionKinds lists the valid assertion kinds.
var AssertionKinds = []AssertionKind{NoContact, NoRelationship, NoHolding, Other}

// Assertion is one checkable claim in a statement.
type Assertion struct {
	Kind    AssertionKind `json:"kind"`
	Text    string        `json:"text"`
	Subject string        `json:"subject,omitempty"` // entity id; defaults to the statement's author
	About   string        `json:"about,omitempty"`   // entity id the claim is about
	From    Date          `json:"from,omitzero"`
	To      Date          `json:"to,omitzero"`
}

// Statement is something said on the record: sworn testimony, a
// questionnaire answer, a disclosure form.
type Statement struct {
	ID         string
	By         string // entity id
	Kind       StatementKind
	Date       Date
	Forum      string // entity id of where it was made, e.g. a committee
	Sworn      bool
	QuestionBy string // entity id
	Question   string
	Text       string
	Assertions []Assertion
	Source     string
	Note       string
}

// Label is how a record names itself in messages.
func (s *Statement) Label() string { return "statement " + strconv.Quote(s.ID) }

// Validate checks the statement on its own.
func (s *Statement) Validate() error {
	var p Problems
	rec := s.Label()
	checkID(&p, rec, "id", s.ID)
	checkID(&p, rec, "by", s.By)
	if !slices.Contains(StatementKinds, s.Kind) {
		p.add(rec, "kind", "%q is not a statement kind (want one of %s)", s.Kind, join(StatementKinds))
	}
	if s.Date.IsZero() {
		p.add(rec, "date", "is required")
	}
	if s.Text == "" {
		p.add(rec, "text", "is required")
	}
	for i, a := range s.Assertions {
		f := fmt.Sprintf("assertions[%d]", i)
		if !slices.Contains(AssertionKinds, a.Kind) {
			p.add(rec, f+".kind", "%q is not an assertion kind (want one of %s)", a.Kind, join(AssertionKinds))
		}
		if a.Text == "" {
			p.add(rec, f+".text", "is required")
		}
		if a.Kind != Other && a.Kind != "" && a.About == "" {
			p.add(rec, f+".about", "is required for a %s assertion", a.Kind)
		}
		if !a.From.IsZero() && !a.To.IsZero() && a.To.Before(a.From) {
			p.add(rec, f+".to", "%s is before from %s", a.To, a.From)
		}
	}
	return p.Err()
}

// Correction is a later statement that corrects or supplements an earlier
// one, resolving the discrepancies it caused.
type Correction struct {
	ID        string
	Statement string // id of the statement corrected
	Date      Date
	Form      string // e.g. "letter to the Senate Judiciary Committee"
	Text      string
	Source    string
}

// Label is how a record names itself in messages.
func (c *Correction) Label() string { return "correction " + strconv.Quote(c.ID) }

// Validate checks the correction on its own.
func (c *Correction) Validate() error {
	var p Problems
	rec := c.Label()
	checkID(&p, rec, "id", c.ID)
	checkID(&p, rec, "statement", c.Statement)
	if c.Date.IsZero() {
		p.add(rec, "date", "is required")
	}
	if c.Text == "" {
		p.add(rec, "text", "is required")
	}
	return p.Err()
}
