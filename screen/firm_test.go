package screen

import (
	"testing"

	"github.com/impartial/impartial"
)

// A firm with two lawyers: "lawyer" (covered) and "lateral", hired from
// another firm where she represented Rival Co. The firm represents Acme.
func firm(perms ...*impartial.Permission) func() *world {
	return func() *world {
		w := people()
		w.person("lateral", "Lee Grant", impartial.LawFirm).
			entity("firm", impartial.Organization, "Smith & Jones LLP").
			entity("acme", impartial.Company, "Acme Corp").
			entity("rival", impartial.Company, "Rival Co").
			entity("oldclient", impartial.Company, "Old Client Ltd").
			entity("agency", impartial.GovernmentBody, "Federal Trade Commission").
			rel("r-lawyer-firm", "lawyer", impartial.Employment, "firm", role("partner")).
			rel("r-lateral-firm", "lateral", impartial.Employment, "firm", role("associate"), span("2021-01-04", "")).
			rel("r-lateral-rival", "lateral", impartial.Representation, "rival", span("2018-01-01", "2020-12-31")).
			rel("r-acme-client", "acme", impartial.Client, "firm", span("2015-01-01", "")).
			rel("r-lawyer-old", "lawyer", impartial.Representation, "oldclient", span("2012-01-01", "2016-01-01")).
			rel("r-lawyer-ftc", "lawyer", impartial.Position, "agency", role("staff attorney"), span("2005-01-01", "2010-06-30")).
			matter("m-vs-acme", impartial.Engagement, "2021-06-01", party("newclient", impartial.ClientRole), party("acme", impartial.Adverse)).
			matter("m-vs-rival", impartial.Engagement, "2021-06-01", party("rival", impartial.Adverse)).
			matter("m-vs-old", impartial.Engagement, "2021-06-01", party("oldclient", impartial.Adverse)).
			matter("m-ftc", impartial.Engagement, "2021-06-01", party("agency", impartial.Party))
		w.entity("newclient", impartial.Company, "New Client Inc")
		w.perms = perms
		return w
	}
}

func TestLawFirmRules(t *testing.T) {
	wall := &impartial.Permission{ID: "wall-1", Kind: impartial.Screen, Person: "lateral", Matter: "m-vs-rival",
		Granted: d("2021-06-01"), GrantedBy: "general counsel", Reason: "lateral screened from the Rival matter; notice sent", Source: "screen memo"}
	consent := &impartial.Permission{ID: "consent-1", Kind: impartial.Consent, Person: "lawyer", Matter: "m-vs-acme",
		Granted: d("2021-06-02"), GrantedBy: "Acme Corp", Source: "consent letter"}
	runPatternCases(t, []patternCase{
		{name: "the firm represents the adverse party: 1.7, consent required", world: firm(), person: "lawyer", matter: "m-vs-acme", asOf: "2021-06-15",
			want: impartial.OutcomeAuthorizationRequired, wantRule: "aba-1.7-current-client", wantIn: []string{"Acme Corp is a client of Smith & Jones LLP", "Rule 1.7(b)"}},
		{name: "with the client's written consent: permitted, saying which", world: firm(consent), person: "lawyer", matter: "m-vs-acme", asOf: "2021-06-15",
			want: impartial.OutcomePermitted, wantIn: []string{"Permitted by a consent (consent-1) by Acme Corp on 2021-06-02"}},
		{name: "a lateral's former client imputed to the firm: 1.10", world: firm(), person: "lawyer", matter: "m-vs-rival", asOf: "2021-06-15",
			want: impartial.OutcomeAuthorizationRequired, wantRule: "aba-1.10-imputation", wantIn: []string{"Lee Grant was counsel to Rival Co (2018-01-01 – 2020-12-31"}},
		{name: "a screened lateral: permitted under 1.10(a)(2)", world: firm(wall), person: "lawyer", matter: "m-vs-rival", asOf: "2021-06-15",
			want: impartial.OutcomePermitted, wantIn: []string{"screen (wall-1)"}},
		{name: "the screened lateral herself keeps her own 1.9 finding: the screen does not cure it", world: firm(wall), person: "lateral", matter: "m-vs-rival", asOf: "2021-06-15",
			want: impartial.OutcomeReview, wantRule: "aba-1.9-former-client"},
		{name: "the lawyer's own former client, relatedness not recorded: 1.9(a) review saying so", world: firm(), person: "lawyer", matter: "m-vs-old", asOf: "2021-06-15",
			want: impartial.OutcomeReview, wantRule: "aba-1.9-former-client", wantIn: []string{"is not recorded"}},
		{name: "former government lawyer and the agency is a party: 1.11 review", world: firm(), person: "lawyer", matter: "m-ftc", asOf: "2021-06-15",
			want: impartial.OutcomeReview, wantRule: "aba-1.11-former-government"},
	})
}

func TestPermissions(t *testing.T) {
	w := func(perms ...*impartial.Permission) func() *world {
		return func() *world {
			ww := people()
			ww.entity("widgets", impartial.Company, "Widgets Inc.").
				rel("r-judge-widgets", "judge", impartial.Holding, "widgets", amount(500)).
				rel("r-official-widgets", "official", impartial.Holding, "widgets", amount(500000)).
				matter("m-case", impartial.CivilCase, "2020-01-15", party("widgets", impartial.Party)).
				matter("m-other", impartial.CivilCase, "2020-01-15", party("widgets", impartial.Party))
			ww.perms = perms
			return ww
		}
	}
	waiver := func(person, matter string) *impartial.Permission {
		return &impartial.Permission{ID: "w-" + person, Kind: impartial.Waiver, Person: person, Matter: matter,
			Granted: d("2020-03-01"), GrantedBy: "appointing official", Source: "208(b)(1) waiver"}
	}
	divest := &impartial.Permission{ID: "div-1", Kind: impartial.Divestiture, Person: "judge", Matter: "m-case",
		Granted: d("2020-03-01"), Reason: "shares sold after substantial judicial time", Source: "455(f) notice"}
	runPatternCases(t, []patternCase{
		{name: "an 18 USC 208(b)(1) waiver permits the executive employee", world: w(waiver("official", "m-case")), person: "official", matter: "m-case",
			asOf: "2020-06-01", want: impartial.OutcomePermitted, wantIn: []string{"waiver (w-official) by appointing official"}},
		{name: "the waiver covers a single matter", world: w(waiver("official", "m-case")), person: "official", matter: "m-other",
			asOf: "2020-06-01", want: impartial.OutcomeRecuse},
		{name: "the waiver is not in force before it is granted", world: w(waiver("official", "m-case")), person: "official", matter: "m-case",
			asOf: "2020-02-01", want: impartial.OutcomeRecuse},
		{name: "455(e): the parties cannot waive a 455(b)(4) ground", world: w(waiver("judge", "m-case")), person: "judge", matter: "m-case",
			asOf: "2020-06-01", want: impartial.OutcomeRecuse, wantIn: []string{"Cannot be waived"}},
		{name: "455(f): divestiture cures", world: w(divest), person: "judge", matter: "m-case",
			asOf: "2020-06-01", want: impartial.OutcomePermitted, wantIn: []string{"divestiture (div-1)"}},
	})
}

// A screen cures only the imputation of the screened lawyer's conflict to
// colleagues: the lawyer it names keeps her own finding (ABA Model Rules
// 1.10(a)(2), 1.11(b)).
func TestScreenCuresOnlyImputation(t *testing.T) {
	// "lawyer" served at the FTC; a screen names him on the FTC matter.
	wall := &impartial.Permission{ID: "wall-ftc", Kind: impartial.Screen, Person: "lawyer", Matter: "m-ftc",
		Granted: d("2021-06-01"), GrantedBy: "general counsel", Reason: "former FTC staff attorney screened; notice to the agency", Source: "screen memo"}
	runPatternCases(t, []patternCase{
		{name: "the screened former government lawyer keeps his own 1.11 finding", world: firm(wall), person: "lawyer", matter: "m-ftc", asOf: "2021-06-15",
			want: impartial.OutcomeReview, wantRule: "aba-1.11-former-government"},
		{name: "his colleague is permitted by the screen under 1.11(b)", world: firm(wall), person: "lateral", matter: "m-ftc", asOf: "2021-06-15",
			want: impartial.OutcomePermitted, wantIn: []string{"screen (wall-ftc)"}},
		{name: "without the screen the colleague's imputed conflict is for review", world: firm(), person: "lateral", matter: "m-ftc", asOf: "2021-06-15",
			want: impartial.OutcomeReview, wantRule: "aba-1.11-former-government"},
	})
}

// A campaign role 28 CFR 45.2 does not list is not dropped: it goes to
// review under the rule, naming the role.
func TestUnlistedCampaignRoleGoesToReview(t *testing.T) {
	w := func(r string) func() *world {
		return func() *world {
			ww := people()
			ww.entity("camp", impartial.CampaignOrganization, "Friends of Smith").
				rel("r-pros-camp", "prosecutor", impartial.Campaign, "camp", role(r), span("2019-01-01", "2020-11-30")).
				matter("m-probe", impartial.CriminalInvestigation, "2021-02-01", party("camp", impartial.Subject))
			return ww
		}
	}
	runPatternCases(t, []patternCase{
		{name: "a title not on the list: review naming it", world: w("Foreign Policy Adviser"), person: "prosecutor", matter: "m-probe", asOf: "2021-03-01",
			want: impartial.OutcomeReview, wantRule: "doj-45.2-political", wantIn: []string{`The role "Foreign Policy Adviser" in Cora Lin's campaign tie to Friends of Smith (relationship r-pros-camp) is not one doj-45.2-political lists`}},
		{name: "no title recorded at all: review", world: w(""), person: "prosecutor", matter: "m-probe", asOf: "2021-03-01",
			want: impartial.OutcomeReview, wantRule: "doj-45.2-political", wantIn: []string{"(none recorded)"}},
		{name: "a listed title: recuse", world: w("Campaign Manager"), person: "prosecutor", matter: "m-probe", asOf: "2021-03-01",
			want: impartial.OutcomeRecuse, wantRule: "doj-45.2-political"},
		{name: "an endorser is recognised and not a political relationship", world: w("endorser"), person: "prosecutor", matter: "m-probe", asOf: "2021-03-01",
			want: impartial.OutcomeClear},
	})
}

// Prior participation recorded on a matter concludes the rules that turn on
// it: 1.9(a) for the lawyer who was the now-adverse client's counsel in a
// substantially related matter, 1.11 for the former government lawyer, and
// 1.11(b) imputation to a colleague unless the participant is screened.
func TestPriorParticipation(t *testing.T) {
	w := func(perms ...*impartial.Permission) func() *world {
		return func() *world {
			ww := firm(perms...)()
			old := &impartial.Matter{ID: "m-old-lease", Title: "Old Client lease dispute", Kind: impartial.Engagement, Opened: d("2013-02-01"), Closed: d("2015-06-30"),
				Participants: []impartial.Participant{{Person: "lawyer", Capacity: impartial.AsCounsel, OnBehalfOf: "oldclient", Substantial: true, Status: impartial.Confirmed, Source: "engagement letter"}}}
			ftcCase := &impartial.Matter{ID: "m-ftc-merger", Title: "FTC review of the Acme merger", Kind: impartial.Proceeding, Opened: d("2009-01-05"), Closed: d("2010-03-01"),
				Participants: []impartial.Participant{{Person: "lawyer", Capacity: impartial.AsGovernmentLawyer, Substantial: true, Status: impartial.Confirmed, Source: "FTC staff list"}}}
			ww.matters = append([]*impartial.Matter{old, ftcCase}, ww.matters...)
			for _, m := range ww.matters {
				switch m.ID {
				case "m-vs-old":
					m.Related = []impartial.MatterLink{{Matter: "m-old-lease", Relation: impartial.SubstantiallyRelated, Source: "intake memo"}}
				case "m-ftc":
					m.Related = []impartial.MatterLink{{Matter: "m-ftc-merger", Relation: impartial.SameMatter, Source: "docket"}}
				}
			}
			return ww
		}
	}
	wall := &impartial.Permission{ID: "wall-lawyer", Kind: impartial.Screen, Person: "lawyer", Matter: "m-ftc", Granted: d("2021-06-01"), GrantedBy: "general counsel"}
	runPatternCases(t, []patternCase{
		{name: "counsel to the now-adverse client in a substantially related matter: 1.9(a) recuse", world: w(), person: "lawyer", matter: "m-vs-old", asOf: "2021-06-15",
			want: impartial.OutcomeRecuse, wantRule: "aba-1.9-former-client", wantIn: []string{"took part in the matter \"Old Client lease dispute\" as counsel", "substantially related to"}},
		{name: "the former government lawyer who worked on the same matter: 1.11(a)(2) recuse", world: w(), person: "lawyer", matter: "m-ftc", asOf: "2021-06-15",
			want: impartial.OutcomeRecuse, wantRule: "aba-1.11-former-government"},
		{name: "imputed to the colleague: 1.11(b)", world: w(), person: "lateral", matter: "m-ftc", asOf: "2021-06-15",
			want: impartial.OutcomeRecuse, wantRule: "aba-1.11-former-government", wantIn: []string{"ABA Model Rule 1.11(b)"}},
		{name: "not imputed once the participant is screened; he stays out", world: w(wall), person: "lateral", matter: "m-ftc", asOf: "2021-06-15",
			want: impartial.OutcomePermitted, wantIn: []string{"screen (wall-lawyer)"}},
		{name: "the screened participant himself: still recuse", world: w(wall), person: "lawyer", matter: "m-ftc", asOf: "2021-06-15",
			want: impartial.OutcomeRecuse, wantRule: "aba-1.11-former-government"},
	})
}

// A relationship ending in a year or month that takes in the as-of date is
// read as current, and the finding says so.
func TestAmbiguousEndIsCurrentAndSaysSo(t *testing.T) {
	w := func() *world {
		ww := people()
		ww.entity("acme", impartial.Company, "Acme Corp").
			rel("r-official-acme", "official", impartial.Employment, "acme", role("consultant"), func(r *impartial.Relationship) {
				r.Span = impartial.Span{Start: d("2019-01-01"), End: d("2024")}
			}).
			matter("m-acme", impartial.Proceeding, "2024-03-01", party("acme", impartial.Party))
		return ww
	}
	runPatternCases(t, []patternCase{
		{name: "ends in 2024, as of 2024-06-01: current, with the note", world: w, person: "official", matter: "m-acme", asOf: "2024-06-01",
			want: impartial.OutcomeRecuse, wantRule: "18usc208-financial", wantIn: []string{"Ben Ortiz's employment by Acme Corp (relationship r-official-acme) ends in 2024; treated as current on 2024-06-01 — record the exact date"}},
	})
}
