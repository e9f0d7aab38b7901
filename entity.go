package impartial

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// EntityKind says what an entity is. Rules treat kinds differently: only a
// person can be covered; a campaign organisation creates a political
// relationship under 28 CFR 45.2.
type EntityKind string

// The entity kinds.
const (
	Person               EntityKind = "person"
	Organization         EntityKind = "organization"
	Company              EntityKind = "company"
	Government           EntityKind = "government"
	GovernmentBody       EntityKind = "government_body"
	CampaignOrganization EntityKind = "campaign_organization"
)

// EntityKinds lists the valid kinds, for validation messages and help.
var EntityKinds = []EntityKind{Person, Organization, Company, Government, GovernmentBody, CampaignOrganization}

// Valid reports whether k is one of EntityKinds.
func (k EntityKind) Valid() bool { return slices.Contains(EntityKinds, k) }

// Flag marks a fact about an entity that rules depend on, such as whether a
// company's shares are publicly traded (5 CFR 2640.202 de-minimis exemptions)
// or a fund is diversified (5 CFR 2640.201).
type Flag string

// The known flags.
const (
	PubliclyTraded  Flag = "publicly_traded"
	DiversifiedFund Flag = "diversified_fund"
	SectorFund      Flag = "sector_fund"
)

// Flags lists the valid flags.
var Flags = []Flag{PubliclyTraded, DiversifiedFund, SectorFund}

// Regime names the body of rules that governs a covered person: which
// rulebook screens them.
type Regime string

// The regimes impartial ships rulebooks for.
const (
	Executive Regime = "executive" // executive-branch employee: 5 CFR 2635, 18 USC 208
	DOJ       Regime = "doj"       // Department of Justice employee: also 28 CFR 45.2
	Judiciary Regime = "judiciary" // federal judge: 28 USC 455
	LawFirm   Regime = "law_firm"  // lawyer at a firm: ABA Model Rules 1.7-1.12
)

// Regimes lists the valid regimes.
var Regimes = []Regime{Executive, DOJ, Judiciary, LawFirm}

// Identifier is an identifier of an entity in some scheme. Where both sides of
// a name comparison carry one of the same scheme, it decides.
type Identifier struct {
	Scheme string `json:"scheme"` // e.g. "ticker", "lei", "registration", "opensanctions"
	Value  string `json:"value"`
}

// Coverage says that a person is screened and under which regime, from when
// to when.
type Coverage struct {
	Regime   Regime `json:"regime"`
	Position string `json:"position,omitempty"` // e.g. "Attorney General"
	// Forum is the body whose matters the person is screened against, an
	// entity id: the court a judge sits on, the agency an executive-branch
	// employee serves, the firm a lawyer practises at. A matter of another
	// forum is out of the person's reach (see rules.Rulebook.Reaches);
	// empty means every matter of the kinds the regime reaches.
	Forum string `json:"forum,omitempty"`
	// Appointee: a political (noncareer) appointee, who may be bound by an
	// ethics pledge.
	Appointee bool `json:"appointee,omitempty"`
	// Pledge is the date the appointee signed the ethics pledge (Executive
	// Orders 13770, 13989 and their successors); zero if none was signed.
	// The pledge's restrictions run from this date.
	Pledge Date `json:"pledge,omitzero"`
	Span
}

// Entity is a person, organisation, company, government, government body or
// campaign organisation: anything that can be related, meet, be a party or
// hold a stake.
type Entity struct {
	ID          string
	Kind        EntityKind
	Name        string
	Aliases     []string
	Identifiers []Identifier
	Flags       []Flag
	Coverage    *Coverage // nil unless the person is screened
	// BirthDates are the dates of birth recorded for a person: sanctions and
	// PEP lists often give more than one when sources disagree.
	BirthDates []Date
	// Nationalities are the countries (ISO 3166 codes, lower case, as in
	// FollowTheMoney: "us", "ru") whose nationality or citizenship a person
	// holds.
	Nationalities []string
	Source        string
	Note          string
}

// Covered reports whether the entity is a person screened on asOf.
func (e *Entity) Covered(asOf Date) bool {
	return e.Coverage != nil && (asOf.IsZero() || e.Coverage.Active(asOf))
}

// HasFlag reports whether the entity carries f.
func (e *Entity) HasFlag(f Flag) bool { return slices.Contains(e.Flags, f) }

// Names returns the name followed by the aliases.
func (e *Entity) Names() []string { return append([]string{e.Name}, e.Aliases...) }

// Label is how a record names itself in messages.
func (e *Entity) Label() string { return "entity " + strconv.Quote(e.ID) }

// Normalize trims text fields and orders sets, so that two records with the
// same facts compare equal whatever order they were written in.
func (e *Entity) Normalize() {
	e.ID = strings.TrimSpace(e.ID)
	e.Name = strings.TrimSpace(e.Name)
	e.Aliases = trimAll(e.Aliases)
	for i := range e.Identifiers {
		e.Identifiers[i].Scheme = strings.ToLower(strings.TrimSpace(e.Identifiers[i].Scheme))
		e.Identifiers[i].Value = strings.TrimSpace(e.Identifiers[i].Value)
	}
	if len(e.Identifiers) == 0 {
		e.Identifiers = nil
	}
	slices.Sort(e.Flags)
	e.Flags = slices.Compact(e.Flags)
	if len(e.Flags) == 0 {
		e.Flags = nil
	}
	slices.SortFunc(e.BirthDates, Date.Compare)
	e.BirthDates = slices.Compact(e.BirthDates)
	if len(e.BirthDates) == 0 {
		e.BirthDates = nil
	}
	for i, n := range e.Nationalities {
		e.Nationalities[i] = strings.ToLower(strings.TrimSpace(n))
	}
	slices.Sort(e.Nationalities)
	e.Nationalities = slices.Compact(e.Nationalities)
	if len(e.Nationalities) == 0 {
		e.Nationalities = nil
	}
}

// Validate checks the entity on its own (references are checked by the
// service against the store).
func (e *Entity) Validate() error {
	var p Problems
	rec := e.Label()
	checkID(&p, rec, "id", e.ID)
	if !e.Kind.Valid() {
		p.add(rec, "kind", "%q is not an entity kind (want one of %s)", e.Kind, join(EntityKinds))
	}
	if e.Name == "" {
		p.add(rec, "name", "is required")
	}
	for i, a := range e.Aliases {
		if a == "" {
			p.add(rec, fmt.Sprintf("aliases[%d]", i), "is empty")
		}
	}
	seen := map[Identifier]bool{}
	for i, id := range e.Identifiers {
		f := fmt.Sprintf("identifiers[%d]", i)
		if id.Scheme == "" {
			p.add(rec, f+".scheme", "is required")
		}
		if id.Value == "" {
			p.add(rec, f+".value", "is required")
		}
		if seen[id] {
			p.add(rec, f, "repeats %s %q", id.Scheme, id.Value)
		}
		seen[id] = true
	}
	for i, fl := range e.Flags {
		if !slices.Contains(Flags, fl) {
			p.add(rec, fmt.Sprintf("flags[%d]", i), "%q is not a flag (want one of %s)", fl, join(Flags))
		}
	}
	for i, d := range e.BirthDates {
		if d.IsZero() {
			p.add(rec, fmt.Sprintf("birth_dates[%d]", i), "is empty")
		}
	}
	if len(e.BirthDates) > 0 && e.Kind != Person {
		p.add(rec, "birth_dates", "only a person has a date of birth, and this entity is a %s", e.Kind)
	}
	for i, n := range e.Nationalities {
		if n == "" || len(n) > 16 || strings.ContainsAny(n, " \t\r\n") {
			p.add(rec, fmt.Sprintf("nationalities[%d]", i), "%q is not a country code (want e.g. \"us\" or \"ru\")", n)
		}
	}
	if len(e.Nationalities) > 0 && e.Kind != Person {
		p.add(rec, "nationalities", "only a person has a nationality, and this entity is a %s", e.Kind)
	}
	if c := e.Coverage; c != nil {
		if e.Kind != Person {
			p.add(rec, "coverage", "only a person can be covered, and this entity is a %s", e.Kind)
		}
		if !slices.Contains(Regimes, c.Regime) {
			p.add(rec, "coverage.regime", "%q is not a regime (want one of %s)", c.Regime, join(Regimes))
		}
		checkSpan(&p, rec, "coverage.", c.Span)
		if c.Forum != "" {
			checkID(&p, rec, "coverage.forum", c.Forum)
			if c.Forum == e.ID {
				p.add(rec, "coverage.forum", "is the person: the forum is the court, agency or firm the person serves")
			}
		}
		if !c.Pledge.IsZero() && !c.Appointee {
			p.add(rec, "coverage.pledge", "is set but coverage.appointee is not: the ethics pledge binds political appointees")
		}
	}
	return p.Err()
}

// MaxIDLength is the longest id the format allows, in bytes.
const MaxIDLength = 200

func checkID(p *Problems, rec, field, id string) {
	if err := ValidateID(rec, field, id); err != nil {
		*p = append(*p, err.(*Error))
	}
}

// ValidateID checks an id as the format defines it: present, at most
// MaxIDLength bytes of valid UTF-8, without white space, NUL or other
// control characters. Every id a caller sends is checked so before it is
// looked up, so that a bad one is an Invalid error (HTTP 400) on every store
// rather than a raw driver error on one and a silent miss on the other.
func ValidateID(rec, field, id string) error {
	switch {
	case id == "":
		return FieldError(rec, field, "is required")
	case len(id) > MaxIDLength:
		return FieldError(rec, field, "is longer than %d characters", MaxIDLength)
	case !utf8.ValidString(id):
		return FieldError(rec, field, "%q is not valid UTF-8", id)
	case strings.ContainsRune(id, 0):
		return FieldError(rec, field, "%q contains a NUL character", id)
	case strings.ContainsAny(id, " \t\r\n"):
		return FieldError(rec, field, "%q contains white space", id)
	case strings.ContainsFunc(id, unicode.IsControl):
		return FieldError(rec, field, "%q contains a control character", id)
	}
	return nil
}

func checkSpan(p *Problems, rec, prefix string, s Span) {
	if !s.Start.IsZero() && !s.End.IsZero() && s.End.Before(s.Start) {
		p.add(rec, prefix+"end", "%s is before %sstart %s", s.End, prefix, s.Start)
	}
}

func trimAll(ss []string) []string {
	if len(ss) == 0 {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.TrimSpace(s)
	}
	return out
}

func join[T ~string](vs []T) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}
