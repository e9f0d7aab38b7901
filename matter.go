package impartial

import (
	"fmt"
	"slices"
	"strconv"
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
	// Legislation: drafting or commenting on legislation, a matter of
	// general applicability (5 CFR 2640.102(m)).
	Legislation MatterKind = "legislation"
	// GeneralPolicy: a policy, guidance or program that affects a whole
	// class of persons rather than identified parties.
	GeneralPolicy MatterKind = "general_policy"
)

// MatterKinds lists the valid matter kinds.
var MatterKinds = []MatterKind{CriminalInvestigation, Prosecution, CivilInvestigation, CivilCase,
	CriminalCase, Proceeding, Engagement, Rulemaking, Legislation, GeneralPolicy}

// GeneralApplicability reports whether a matter of the kind is of general
// applicability — it affects a class, not identified parties — so that it is
// not a particular matter involving specific parties: 5 CFR 2635.502 does not
// reach it, and 18 USC 208 has its own exemption for it (5 CFR 2640.203(g)).
func (k MatterKind) GeneralApplicability() bool {
	return k == Rulemaking || k == Legislation || k == GeneralPolicy
}

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
	// Tribunal is the court, agency or arbitral body before which the
	// matter is heard; PresidingJudge the judge or neutral who presides.
	// They take part without being parties: ABA Model Rule 1.12 asks who sat.
	Tribunal       PartyRole = "tribunal"
	PresidingJudge PartyRole = "presiding_judge"
	// Witness is a person a witness list, subpoena or filing names as a
	// witness in the proceeding; MaterialWitness one the record names as a
	// witness whose testimony goes to a fact in dispute. Neither is a party:
	// 28 USC 455(b)(5)(iv) asks whether a judge's relative is "likely to be a
	// material witness", and whether a plain witness's testimony will be
	// material is a judgement the record leaves open.
	Witness         PartyRole = "witness"
	MaterialWitness PartyRole = "material_witness"
)

// PartyRoles lists the valid party roles.
var PartyRoles = []PartyRole{Subject, Target, Party, DirectlyAffected, Victim, Counsel, Amicus, ClientRole, Adverse, Tribunal, PresidingJudge,
	Witness, MaterialWitness}

// MatterParty is an entity taking part in a matter. A party may be known only
// by the name the matter gives it (Entity empty, Name set): screening then
// matches the name against known entities, and Evidence, if the intake
// recorded any, decides between candidates with similar names. A party may
// also be given by an identifier alone (an LEI, ticker, CIK, registration
// number or OpenSanctions id in Evidence, no name): screening resolves it to
// the entities that carry that identifier, as a court's or agency's intake
// often has the issuer's identifier and not the form of its name on record.
type MatterParty struct {
	Entity   string         `json:"entity,omitempty"`
	Name     string         `json:"name,omitempty"`
	Role     PartyRole      `json:"role"`
	Evidence *PartyEvidence `json:"evidence,omitempty"`
}

// PartyEvidence is what a matter knows about a party given by name beyond
// the name: a date of birth, the name in its own script, a nationality,
// identifiers. Screening compares it with the candidate entity's records: a
// matching date of birth or identifier confirms the candidate, a conflicting
// one rules it out, and a name alone stays a question for review.
type PartyEvidence struct {
	BirthDate   Date         `json:"birth_date,omitzero"`
	NativeName  string       `json:"native_name,omitempty"` // e.g. "Сергей Иванович Кисляк"
	Nationality string       `json:"nationality,omitempty"` // ISO 3166 code, lower case
	Identifiers []Identifier `json:"identifiers,omitempty"` // ticker, lei, cik, registration, opensanctions
}

// Label is how a party given by name or identifier is named in messages:
// its name, else its identifiers ("lei 5493001KJTIIGC8Y1R12").
func (p MatterParty) Label() string {
	if p.Name != "" || p.Evidence == nil {
		return p.Name
	}
	ids := make([]string, len(p.Evidence.Identifiers))
	for i, id := range p.Evidence.Identifiers {
		ids[i] = id.Scheme + " " + id.Value
	}
	return strings.Join(ids, ", ")
}

// MatterRelation says how two matters are related.
type MatterRelation string

// The relations between matters that the former-client and
// prior-participation rules turn on (ABA Model Rules 1.9, 1.11, 1.12; 28 USC
// 455(b)(2)-(3)).
const (
	SameMatter           MatterRelation = "same"                  // the same matter under another record (a case refiled, an investigation become a prosecution)
	SubstantiallyRelated MatterRelation = "substantially_related" // the same transaction or legal dispute, or facts that would matter to both
)

// MatterRelations lists the valid relations.
var MatterRelations = []MatterRelation{SameMatter, SubstantiallyRelated}

// ParticipationCapacity says in which capacity a person took part in a
// matter: what ABA Model Rules 1.11 and 1.12 and 28 USC 455(b)(2)-(3) ask.
type ParticipationCapacity string

// The capacities of participation.
const (
	AsGovernmentLawyer   ParticipationCapacity = "government_lawyer"
	AsGovernmentEmployee ParticipationCapacity = "government_employee"
	AsJudge              ParticipationCapacity = "judge"
	AsLawClerk           ParticipationCapacity = "law_clerk"
	AsArbitrator         ParticipationCapacity = "arbitrator"
	AsMediator           ParticipationCapacity = "mediator"
	AsCounsel            ParticipationCapacity = "counsel"
	AsAdviser            ParticipationCapacity = "adviser"
	AsMaterialWitness    ParticipationCapacity = "material_witness"
)

// ParticipationCapacities lists the valid capacities.
var ParticipationCapacities = []ParticipationCapacity{AsGovernmentLawyer, AsGovernmentEmployee, AsJudge, AsLawClerk,
	AsArbitrator, AsMediator, AsCounsel, AsAdviser, AsMaterialWitness}

// Participant is a person who took part in the matter personally — as
// government lawyer, judge, law clerk, arbitrator, counsel — with the dates
// and the source: the fact prior-participation rules turn on, which a free
// text note cannot carry.
type Participant struct {
	Person   string                `json:"person"`
	Capacity ParticipationCapacity `json:"capacity"`
	// Substantial: the participation was found personal and substantial
	// (ABA Model Rules 1.11(a), 1.12(a)); without it the rules say review.
	Substantial bool `json:"substantial,omitempty"`
	// OnBehalfOf is the client a counsel represented in the matter.
	OnBehalfOf string `json:"on_behalf_of,omitempty"`
	Start      Date   `json:"start,omitzero"`
	End        Date   `json:"end,omitzero"`
	Status     Status `json:"status,omitempty"`
	Source     string `json:"source,omitempty"`
}

// MatterLink relates a matter to another.
type MatterLink struct {
	Matter   string         `json:"matter"`
	Relation MatterRelation `json:"relation"`
	Source   string         `json:"source,omitempty"`
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
	// Forum is the body whose matter it is, an entity id: the court it is
	// pending before, the agency that handles it, the firm whose engagement
	// it is. Covered persons of another forum are not screened against it.
	Forum string
	// Related are other matters that are the same matter or substantially
	// related to it.
	Related []MatterLink
	// Participants are the persons who took part in the matter personally
	// (the government lawyer who investigated it, the judge or clerk who
	// heard it, counsel), for the rules on prior participation.
	Participants []Participant
	Source       string
	Note         string
}

// Label is how a record names itself in messages.
func (m *Matter) Label() string { return "matter " + strconv.Quote(m.ID) }

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
		pt := &m.Parties[i]
		pt.Name = strings.TrimSpace(pt.Name)
		if ev := pt.Evidence; ev != nil {
			ev.NativeName = strings.TrimSpace(ev.NativeName)
			ev.Nationality = strings.ToLower(strings.TrimSpace(ev.Nationality))
			for j := range ev.Identifiers {
				ev.Identifiers[j].Scheme = strings.ToLower(strings.TrimSpace(ev.Identifiers[j].Scheme))
				ev.Identifiers[j].Value = strings.TrimSpace(ev.Identifiers[j].Value)
			}
			if len(ev.Identifiers) == 0 {
				ev.Identifiers = nil
			}
			if ev.BirthDate.IsZero() && ev.NativeName == "" && ev.Nationality == "" && ev.Identifiers == nil {
				pt.Evidence = nil
			}
		}
	}
	for i := range m.Participants {
		if m.Participants[i].Status == "" {
			m.Participants[i].Status = Reported
		}
	}
	if len(m.Participants) == 0 {
		m.Participants = nil
	}
	m.Forum = strings.TrimSpace(m.Forum)
	if len(m.Related) == 0 {
		m.Related = nil
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
	if !m.Closed.IsZero() && m.Closed.Before(m.Opened) {
		p.add(rec, "closed", "the matter closed on %s, before it opened on %s", m.Closed, m.Opened)
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
		if pt.Entity == "" && pt.Name == "" && (pt.Evidence == nil || len(pt.Evidence.Identifiers) == 0) {
			p.add(rec, f, "needs an entity id, a name or an identifier (evidence.identifiers)")
		}
		if pt.Entity != "" {
			checkID(&p, rec, f+".entity", pt.Entity)
		}
		if !slices.Contains(PartyRoles, pt.Role) {
			p.add(rec, f+".role", "%q is not a party role (want one of %s)", pt.Role, join(PartyRoles))
		}
		if ev := pt.Evidence; ev != nil {
			if pt.Entity != "" {
				p.add(rec, f+".evidence", "is for a party given by name; a party given by entity id is identified already")
			}
			for j, id := range ev.Identifiers {
				if id.Scheme == "" || id.Value == "" {
					p.add(rec, fmt.Sprintf("%s.evidence.identifiers[%d]", f, j), "needs a scheme and a value")
				}
			}
		}
		k := key{pt.Entity + "\x00" + strings.ToLower(pt.Label()), pt.Role}
		if seen[k] {
			p.add(rec, f, "repeats an earlier party with the same role")
		}
		seen[k] = true
	}
	if m.Forum != "" {
		checkID(&p, rec, "forum", m.Forum)
	}
	for i, l := range m.Related {
		f := fmt.Sprintf("related[%d]", i)
		checkID(&p, rec, f+".matter", l.Matter)
		if l.Matter == m.ID {
			p.add(rec, f+".matter", "is the matter itself")
		}
		if !slices.Contains(MatterRelations, l.Relation) {
			p.add(rec, f+".relation", "%q is not a relation between matters (want one of %s)", l.Relation, join(MatterRelations))
		}
	}
	for i, pp := range m.Participants {
		f := fmt.Sprintf("participants[%d]", i)
		checkID(&p, rec, f+".person", pp.Person)
		if !slices.Contains(ParticipationCapacities, pp.Capacity) {
			p.add(rec, f+".capacity", "%q is not a capacity of participation (want one of %s)", pp.Capacity, join(ParticipationCapacities))
		}
		if pp.OnBehalfOf != "" {
			checkID(&p, rec, f+".on_behalf_of", pp.OnBehalfOf)
		}
		if !slices.Contains(Statuses, pp.Status) {
			p.add(rec, f+".status", "%q is not a status (want one of %s)", pp.Status, join(Statuses))
		}
		checkSpan(&p, rec, f+".", Span{Start: pp.Start, End: pp.End})
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
