package service

import (
	"slices"
	"strings"

	"github.com/impartial/impartial"
)

// Who may do what. The service enforces these sets and the HTTP API's route
// table names them in every route's summary, so that what the document says
// a route admits is what the code admits; the API's permission test walks
// every route with every role to hold the two together.
var (
	// RecordKeepers keep the facts: entities, relationships, contacts,
	// statements and corrections, and bulk imports.
	RecordKeepers = []impartial.Role{impartial.Admin, impartial.Ethics}
	// MatterOpeners open and change matters; a matter owner only matters
	// whose team they are on.
	MatterOpeners = []impartial.Role{impartial.Admin, impartial.Ethics, impartial.MatterOwner}
	// RecordReaders read the facts and the decisions resting on them.
	RecordReaders = []impartial.Role{impartial.Admin, impartial.Ethics, impartial.Auditor}
	// MatterReaders list and read matters, each only those it may know of.
	MatterReaders = []impartial.Role{impartial.Admin, impartial.Ethics, impartial.Auditor, impartial.MatterOwner, impartial.System}
	// Deciders record determinations, recusals and authorizations, and see
	// who is walled from what.
	Deciders = []impartial.Role{impartial.Admin, impartial.Ethics}
	// Screeners run screenings; an auditor's are never saved.
	Screeners = []impartial.Role{impartial.Admin, impartial.Ethics, impartial.Auditor}
	// FeedReaders follow the wall change feed.
	FeedReaders = []impartial.Role{impartial.Admin, impartial.Ethics, impartial.Auditor, impartial.System}
	// AuditReaders read and verify the audit trail.
	AuditReaders = []impartial.Role{impartial.Admin, impartial.Ethics, impartial.Auditor}
	// Scanners scan documents for mentions of known entities.
	Scanners = []impartial.Role{impartial.Admin, impartial.Ethics, impartial.MatterOwner}
	// Searchers search entities by name.
	Searchers = []impartial.Role{impartial.Admin, impartial.Ethics, impartial.Auditor, impartial.MatterOwner}
	// CoveredPersons see and acknowledge their own recusals.
	CoveredPersons = []impartial.Role{impartial.Covered}
	// Everyone is every role.
	Everyone = impartial.Roles
)

// require returns a Forbidden error unless the caller has one of roles;
// what says what the caller tried, for the message.
func require(caller impartial.Actor, roles []impartial.Role, what string) error {
	if err := caller.Validate(); err != nil {
		return err
	}
	if slices.Contains(roles, caller.Role) {
		return nil
	}
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return &impartial.Error{Kind: impartial.Forbidden,
		Msg: what + " is for " + strings.Join(names, ", ") + "; you act as " + string(caller.Role)}
}
