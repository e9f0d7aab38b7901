package impartial

import (
	"fmt"
	"slices"
	"strings"
)

// MatterKind says what kind of matter it is. Rules apply to some kinds only:
// 28 CFR 45.2 to criminal investigations and prosecutions, 5 CFR 2635.502 not
// to matters of general applicability.
type MatterKind string

// The matter kinds.
const (
	CriminalInvestigation MatterKind = "criminal_investigation"
	Prosecution           MatterKind = "prosecution"
	CivilInvestigation    MatterKind = "civil_investigation"
	CivilCase             MatterKind = "civil_case"
	CriminalCase          MatterKind = "criminal_case"
	Proceeding            MatterKind = "proceeding" // administrative proceeding, contract, grant, license
	Engagement            MatterKind = "engagement" // a law firm's client engagement
	Rulemaking            MatterKind = "rulemaking" // a matter of general applicability
)

// MatterKinds lists the valid matter kinds.
var MatterKinds = []MatterKind{CriminalInvestigation, Prosecution, CivilInvestigation, CivilCase,
	CriminalCase, Proceeding, Engagement, Rulemaking}

// PartyRole says how an entity takes part in a matter.
type PartyRole string

// The party roles.
const (
	Subject          PartyRole = "subject"
	Target           PartyRole = "target"
	Party            PartyRole = "party"
	DirectlyAffected PartyRole = "directly_affected"
	Victim           PartyRole = "victim"
	Counsel          PartyRole = "counsel"
	Amicus           PartyRole = "amicus"
	ClientRole       PartyRole = "client"
	Adverse          PartyRole = "adverse"
)

// PartyRoles lists the valid party roles.
var PartyRoles = []PartyRole{Subject, Target, Party, DirectlyAffected, Victim, Counsel, Amicus, ClientRole, Adverse}

// MatterParty is an entity taking part in a matter. A party may be known only
// by the name the matter gives it (Entity empty, Name set): screening then
// matches the name against known entities.
type MatterParty struct {
	Entity string    `json:"entity,omitempty"`
	Name   string    `json:"name,omitempty"`
	Role   PartyRole `json:"role"`
}

// Matter is an investigation, case, proceeding or engagement: the thing a
// covered person may have to step aside from.
type Matter struct {
	ID           string
	Title        string
	Kind         MatterKind
	Opened       Date
	Closed       Date
	Confidential bool // existence is need-to-know
	Topics       []string
	Parties      []MatterParty
	Team         []string // entity ids of people assigned
	Source       string
	Note         string
}

// Label is how a record names itself in messages.
func (m *Matter) Label() string { return fmt.Sprintf("matter %q", m.ID) }

// Open reports whether the matter is open on asOf.
func (m *Matter) Open(asOf Date) bool {
	return Span{Start: m.Opened, End: m.Closed}.Active(asOf)
}

// Normalize trims and orders sets so that equal facts compare equal.
func (m *Matter) Normalize() {
	m.Topics = trimAll(m.Topics)
	m.Team = trimAll(m.Team)
	if len(m.Parties) == 0 {
		m.Parties = nil
	}
	for i := range m.Parties {
		m.Parties[i].Name = strings.TrimSpace(m.Parties[i].Name)
	}
}

// Validate checks the matter on its own.
func (m *Matter) Validate() error {
	var p Problems
	rec := m.Label()
	checkID(&p, rec, "id", m.ID)
	if strings.TrimSpace(m.Title) == "" {
		p.add(rec, "title", "is required")
	}
	if !slices.Contains(MatterKinds, m.Kind) {
		p.add(rec, "kind", "%q is not a matter kind (want one of %s)", m.Kind, join(MatterKinds))
	}
	if m.Opened.IsZero() {
		p.add(rec, "opened", "is required")
	}
	checkSpan(&p, rec, "", Span{Start: m.Opened, End: m.Closed})
	if !m.Closed.IsZero() && m.Closed.Before(m.Opened) {
		p.add(rec, "closed", "%s is before opened %s", m.Closed, m.Opened)
	}
	seenTopic := map[string]bool{}
	for i, t := range m.Topics {
		f := fmt.Sprintf("topics[%d]", i)
		if t == "" {
			p.add(rec, f, "is empty")
		} else if seenTopic[strings.ToLower(t)] {
			p.add(rec, f, "%q is listed twice", t)
		}
		seenTopic[strings.ToLower(t)] = true
	}
	type key struct {
		e string
		r PartyRole
	}
	seen := map[key]bool{}
	for i, pt := range m.Parties {
		f := fmt.Sprintf("parties[%d]", i)
		if pt.Entity == "" && pt.Name == "" {
			p.add(rec, f, "needs an entity id or a name")
		}
		if pt.Entity != "" {
			checkID(&p, rec, f+".entity", pt.Entity)
		}
		if !slices.Contains(PartyRoles, pt.Role) {
			p.add(rec, f+".role", "%q is not a party role (want one of %s)", pt.Role, join(PartyRoles))
		}
		k := key{pt.Entity + "\x00" + strings.ToLower(pt.Name), pt.Role}
		if seen[k] {
			p.add(rec, f, "repeats an earlier party with the same role")
		}
		seen[k] = true
	}
	seenTeam := map[string]bool{}
	for i, id := range m.Team {
		f := fmt.Sprintf("team[%d]", i)
		checkID(&p, rec, f, id)
		if seenTeam[id] {
			p.add(rec, f, "%q is listed twice", id)
		}
		seenTeam[id] = true
	}
	return p.Err()
}
