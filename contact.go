package impartial

import (
	"fmt"
	"slices"
	"strconv"
)

// Capacity says in which role a person acted at a contact. Rules care: a
// senator meeting an ambassador on committee business is not a campaign
// surrogate meeting a foreign government.
type Capacity string

// The capacities of a contact.
const (
	Official     Capacity = "official"
	CampaignRole Capacity = "campaign"
	Personal     Capacity = "personal"
	BusinessRole Capacity = "business"
	DisputedRole Capacity = "disputed"
	UnknownRole  Capacity = "unknown"
)

// Capacities lists the valid capacities.
var Capacities = []Capacity{Official, CampaignRole, Personal, BusinessRole, DisputedRole, UnknownRole}

// Contact is a meeting or communication between entities, with who reported
// it and when: the facts a reviewer and a reconciliation of sworn statements
// need.
type Contact struct {
	ID             string
	Participants   []string // entity ids, at least two
	Date           Date     // may be known only to the month or year
	Place          string
	Context        string
	Capacity       Capacity
	CapacityDetail string // e.g. "senator or campaign surrogate"
	ReportedBy     string // entity id of who reported it, if any
	ReportedOn     Date
	Status         Status
	StatusDetail   string // e.g. "confirmed by Sessions on 2017-03-02"
	Source         string
	Note           string
}

// Label is how a record names itself in messages.
func (c *Contact) Label() string { return "contact " + strconv.Quote(c.ID) }

// Normalize fills defaults so that equal facts compare equal.
func (c *Contact) Normalize() {
	if c.Status == "" {
		c.Status = Reported
	}
	if c.Capacity == "" {
		c.Capacity = UnknownRole
	}
}

// Validate checks the contact on its own.
func (c *Contact) Validate() error {
	var p Problems
	rec := c.Label()
	checkID(&p, rec, "id", c.ID)
	if len(c.Participants) < 2 {
		p.add(rec, "participants", "needs at least two entities, has %d", len(c.Participants))
	}
	seen := map[string]bool{}
	for i, id := range c.Participants {
		f := fmt.Sprintf("participants[%d]", i)
		checkID(&p, rec, f, id)
		if seen[id] {
			p.add(rec, f, "%q is listed twice", id)
		}
		seen[id] = true
	}
	if c.Date.IsZero() {
		p.add(rec, "date", "is required (a year alone will do)")
	}
	if !slices.Contains(Capacities, c.Capacity) {
		p.add(rec, "capacity", "%q is not a capacity (want one of %s)", c.Capacity, join(Capacities))
	}
	if !slices.Contains(Statuses, c.Status) {
		p.add(rec, "status", "%q is not a status (want one of %s)", c.Status, join(Statuses))
	}
	if !c.ReportedOn.IsZero() && !c.Date.IsZero() && c.ReportedOn.Before(c.Date) {
		p.add(rec, "reported_on", "%s is before the contact's date %s", c.ReportedOn, c.Date)
	}
	return p.Err()
}
