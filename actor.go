package impartial

import (
	"fmt"
	"slices"
)

// Role is what a user of impartial may do.
type Role string

// The roles.
const (
	Admin       Role = "admin"        // everything
	Ethics      Role = "ethics"       // keeps records, reviews findings, decides, sees every matter
	Covered     Role = "covered"      // a screened person: sees own recusals' scope, never the matters behind them
	MatterOwner Role = "matter_owner" // opens matters, sees the matters it owns (is on the team of)
	Auditor     Role = "auditor"      // reads the trail and every record, changes nothing
	System      Role = "service"      // another system calling the check API
)

// Roles lists the valid roles.
var Roles = []Role{Admin, Ethics, Covered, MatterOwner, Auditor, System}

// Actor is who is acting: a user with a role, or a system. For a covered
// person or matter owner, ID is their entity id.
type Actor struct {
	ID   string `json:"id"`
	Role Role   `json:"role"`
}

func (a Actor) String() string { return fmt.Sprintf("%s (%s)", a.ID, a.Role) }

// Validate checks the actor is well formed.
func (a Actor) Validate() error {
	if a.ID == "" {
		return FieldError("actor", "id", "is required: say who is acting")
	}
	if !slices.Contains(Roles, a.Role) {
		return FieldError("actor", "role", "%q is not a role (want one of %s)", a.Role, join(Roles))
	}
	return nil
}

// Decides reports whether the actor may record determinations, recusals and
// authorizations.
func (a Actor) Decides() bool { return a.Role == Admin || a.Role == Ethics }

// SeesAllMatters reports whether the actor may see every matter, confidential
// or not.
func (a Actor) SeesAllMatters() bool {
	return a.Role == Admin || a.Role == Ethics || a.Role == Auditor || a.Role == System
}

// MaySee reports whether the actor may know that the matter exists. A
// confidential matter is need-to-know: only those who see all matters and
// the matter's own team may.
func (a Actor) MaySee(m *Matter) bool {
	return !m.Confidential || a.SeesAllMatters() || slices.Contains(m.Team, a.ID)
}
