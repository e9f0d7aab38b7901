package impartial

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// RelType is the kind of a relationship. It decides how screening reads it:
// a family relationship carries interests to the covered person, an ownership
// relationship carries a holding to a subsidiary, a campaign role creates a
// political relationship.
type RelType string

// The relationship types.
const (
	Position       RelType = "position"       // office or post held (member, Attorney General)
	Employment     RelType = "employment"     // employee of, or negotiating for (role "prospective")
	Campaign       RelType = "campaign"       // role in a campaign (endorser, principal adviser, surrogate)
	Candidate      RelType = "candidate"      // the candidate a campaign organisation serves
	Family         RelType = "family"         // role spouse, child, minor_child, parent, sibling, ...
	Household      RelType = "household"      // member of the same household
	Holding        RelType = "holding"        // financial interest in the target; Whose says whose
	Ownership      RelType = "ownership"      // parent (from) owns Percent of subsidiary (to)
	Membership     RelType = "membership"     // member of an organisation
	Client         RelType = "client"         // from is a client of to (a lawyer or firm)
	Representation RelType = "representation" // from represents (is counsel to) to
	Business       RelType = "business"       // business dealings, contracts, partnerships
)

// RelTypes lists the valid relationship types.
var RelTypes = []RelType{Position, Employment, Campaign, Candidate, Family, Household, Holding,
	Ownership, Membership, Client, Representation, Business}

// FamilyRoles are the roles a family relationship can have; the role says
// what To is to From ("spouse": To is From's spouse).
var FamilyRoles = []string{"spouse", "domestic_partner", "child", "minor_child", "parent", "sibling",
	"grandparent", "grandchild", "aunt", "uncle", "niece", "nephew", "great_grandparent", "great_grandchild",
	"first_cousin", "relative"}

// KinshipDegree is the civil-law degree of a family role (28 USC 455(d)(2)
// counts so): parent and child 1; sibling, grandparent, grandchild 2;
// aunt, uncle, niece, nephew, great-grandparent, great-grandchild 3; first
// cousin 4; a spouse 0 (affinity takes the spouse's own degree). A bare
// "relative" has no known degree and counts as 3, the nearest degree the
// rules bound, so that it is never dropped: record the exact role.
func KinshipDegree(role string) int {
	switch strings.ReplaceAll(role, " ", "_") {
	case "spouse", "domestic_partner":
		return 0
	case "parent", "child", "minor_child":
		return 1
	case "sibling", "grandparent", "grandchild":
		return 2
	case "first_cousin":
		return 4
	}
	return 3
}

// Status says how far a fact has been established.
type Status string

// The statuses of a fact. The zero value means reported.
const (
	Reported  Status = "reported"
	Confirmed Status = "confirmed"
	Disputed  Status = "disputed"
)

// Statuses lists the valid statuses.
var Statuses = []Status{Reported, Confirmed, Disputed}

// Whose says whose financial interest a holding is. 18 USC 208 imputes the
// interests of a spouse, minor child and general partner to the employee.
type Whose string

// Whose interests a holding can be.
const (
	Self                Whose = "self"
	Spouse              Whose = "spouse"
	MinorChild          Whose = "minor_child"
	HouseholdMember     Whose = "household"
	GeneralPartner      Whose = "general_partner"
	OrganizationServed  Whose = "organization" // an organisation the person serves as officer, director, trustee
	ProspectiveEmployer Whose = "prospective_employer"
)

// Whoses lists the valid values of Whose.
var Whoses = []Whose{Self, Spouse, MinorChild, HouseholdMember, GeneralPartner, OrganizationServed, ProspectiveEmployer}

// Amount is a value or, as on U.S. financial disclosure forms, a range of
// values in whole units of a currency.
type Amount struct {
	Min      int64  `json:"min"`
	Max      int64  `json:"max,omitempty"` // 0 when the amount is exact (Min) or open-ended
	Currency string `json:"currency,omitempty"`
}

// Upper returns the largest value the amount can be: the figure de-minimis
// thresholds are compared with, so that a range is exempt only if all of it is.
func (a Amount) Upper() int64 { return max(a.Min, a.Max) }

func (a Amount) String() string {
	cur := a.Currency
	if cur == "" {
		cur = "USD"
	}
	if a.Max > a.Min {
		return fmt.Sprintf("%s %d–%d", cur, a.Min, a.Max)
	}
	return fmt.Sprintf("%s %d", cur, a.Min)
}

// Relationship is a typed, directed, dated link between two entities, with
// where the fact comes from and how well it is established.
type Relationship struct {
	ID       string
	From     string
	To       string
	Type     RelType
	Role     string // e.g. "principal adviser", "spouse", "member"
	Detail   string
	Capacity string
	Span
	Whose   Whose    // holdings only: whose interest it is (default self)
	Amount  *Amount  // holdings: the value (of the position on ValuedOn)
	Percent *float64 // ownership and holdings: share of the target held
	// Shares is a holding's position in shares, as of ValuedOn (or, when
	// that is not recorded, as of Start): trades change it from there.
	Shares *float64
	// ValuedOn is the date the holding's Amount and Shares were taken.
	ValuedOn Date
	Status   Status
	Source   string
	Note     string
}

// Label is how a record names itself in messages.
func (r *Relationship) Label() string { return "relationship " + strconv.Quote(r.ID) }

// Normalize fills defaults so that equal facts compare equal.
func (r *Relationship) Normalize() {
	if r.Status == "" {
		r.Status = Reported
	}
	if r.Type == Holding && r.Whose == "" {
		r.Whose = Self
	}
}

// Validate checks the relationship on its own.
func (r *Relationship) Validate() error {
	var p Problems
	rec := r.Label()
	checkID(&p, rec, "id", r.ID)
	checkID(&p, rec, "from", r.From)
	checkID(&p, rec, "to", r.To)
	if r.From != "" && r.From == r.To {
		p.add(rec, "to", "is the same entity as from (%q)", r.From)
	}
	if !slices.Contains(RelTypes, r.Type) {
		p.add(rec, "type", "%q is not a relationship type (want one of %s)", r.Type, join(RelTypes))
	}
	if r.Type == Family && !slices.Contains(FamilyRoles, r.Role) {
		p.add(rec, "role", "%q is not a family role (want one of %s)", r.Role, join(FamilyRoles))
	}
	checkSpan(&p, rec, "", r.Span)
	if r.Whose != "" {
		if r.Type != Holding {
			p.add(rec, "whose", "applies only to holdings, and this is a %s", r.Type)
		} else if !slices.Contains(Whoses, r.Whose) {
			p.add(rec, "whose", "%q is not one of %s", r.Whose, join(Whoses))
		}
	}
	if a := r.Amount; a != nil {
		if r.Type != Holding && r.Type != Business {
			p.add(rec, "amount", "applies only to holdings and business relationships, and this is a %s", r.Type)
		}
		if a.Min < 0 {
			p.add(rec, "amount.min", "%d is negative", a.Min)
		}
		if a.Max != 0 && a.Max < a.Min {
			p.add(rec, "amount.max", "%d is less than amount.min %d", a.Max, a.Min)
		}
	}
	if sh := r.Shares; sh != nil {
		if r.Type != Holding {
			p.add(rec, "shares", "applies only to holdings, and this is a %s", r.Type)
		}
		if math.IsNaN(*sh) || math.IsInf(*sh, 0) || *sh < 0 {
			p.add(rec, "shares", "%v is not a number of shares", *sh)
		}
	}
	if !r.ValuedOn.IsZero() && r.Type != Holding {
		p.add(rec, "valued_on", "applies only to holdings, and this is a %s", r.Type)
	}
	if pc := r.Percent; pc != nil {
		if r.Type != Ownership && r.Type != Holding {
			p.add(rec, "percent", "applies only to ownership and holdings, and this is a %s", r.Type)
		}
		if math.IsNaN(*pc) || *pc < 0 || *pc > 100 {
			p.add(rec, "percent", "%v is outside 0-100", *pc)
		}
	}
	if !slices.Contains(Statuses, r.Status) {
		p.add(rec, "status", "%q is not a status (want one of %s)", r.Status, join(Statuses))
	}
	return p.Err()
}
