package impartial

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// IdentityVerdict is what a party's identity evidence says about a
// candidate entity that its name matched.
type IdentityVerdict struct {
	// Confirmed: an identifier of a shared scheme, or a date of birth,
	// agrees and nothing decisive disagrees: the candidate is the party,
	// and the rule's outcome stands as if the party had been named by id.
	Confirmed bool
	// RuledOut: a date of birth or an identifier of a shared scheme
	// disagrees, and no identifier agrees: the candidate is someone else.
	RuledOut bool
	// Why says which evidence agreed or disagreed, in words.
	Why string
}

// CompareIdentity compares a party's evidence with a candidate's recorded
// identifiers, dates of birth and nationalities. Identifiers are compared
// within a scheme, ignoring case and punctuation; dates of birth agree when
// they can be the same day (1950 agrees with 1950-09-21). A nationality
// alone decides nothing — people hold several and records are incomplete —
// but a disagreement is said. With no evidence on either side the verdict
// is neither confirmed nor ruled out: the name alone stays for review.
func CompareIdentity(ev *PartyEvidence, ids []Identifier, births []Date, nationalities []string) IdentityVerdict {
	if ev == nil {
		return IdentityVerdict{}
	}
	var agree, disagree, notes []string
	idAgrees := false
	for _, pid := range ev.Identifiers {
		scheme := IdentifierScheme(pid.Scheme)
		shared, equal := false, false
		for _, eid := range ids {
			if IdentifierScheme(eid.Scheme) != scheme {
				continue
			}
			shared = true
			if SameIdentifier(eid, pid) {
				equal = true
			}
		}
		switch {
		case equal:
			idAgrees = true
			agree = append(agree, fmt.Sprintf("%s %s", scheme, pid.Value))
		case shared:
			disagree = append(disagree, fmt.Sprintf("%s %s is not the candidate's", scheme, pid.Value))
		}
	}
	if !ev.BirthDate.IsZero() && len(births) > 0 {
		if slices.ContainsFunc(births, func(b Date) bool { return datesOverlap(b, ev.BirthDate) }) {
			agree = append(agree, "date of birth "+ev.BirthDate.String())
		} else {
			disagree = append(disagree, fmt.Sprintf("date of birth %s is not the candidate's (%s)", ev.BirthDate, joinDates(births)))
		}
	}
	if n := strings.ToLower(strings.TrimSpace(ev.Nationality)); n != "" && len(nationalities) > 0 && !slices.Contains(nationalities, n) {
		notes = append(notes, fmt.Sprintf("nationality %s is not among the candidate's (%s)", n, strings.Join(nationalities, ", ")))
	}
	var v IdentityVerdict
	switch {
	case idAgrees:
		v.Confirmed = len(disagree) == 0
		v.Why = "identified by " + strings.Join(agree, " and ")
		if len(disagree) > 0 {
			v.Why += ", though " + strings.Join(disagree, " and ") + ": confirm who it is"
		}
	case len(disagree) > 0:
		v.RuledOut = true
		v.Why = "ruled out: " + strings.Join(disagree, " and ")
	case len(agree) > 0:
		v.Confirmed = true
		v.Why = "identified by " + strings.Join(agree, " and ")
	}
	if len(notes) > 0 {
		if v.Why != "" {
			v.Why += "; "
		}
		v.Why += strings.Join(notes, "; ")
	}
	return v
}

// SameIdentifier reports whether two identifiers are one: of the same
// scheme (IdentifierScheme) with the same value within it
// (CanonicalIdentifier). Every comparison of identifiers — a party's
// evidence against a candidate, the screening graph's identifier index, the
// reference evaluator — goes through it, so that they cannot disagree on
// whether "us-0378331005" is ISIN US0378331005.
func SameIdentifier(a, b Identifier) bool {
	scheme := IdentifierScheme(a.Scheme)
	return IdentifierScheme(b.Scheme) == scheme && CanonicalIdentifier(scheme, a.Value) == CanonicalIdentifier(scheme, b.Value)
}

// IdentifierScheme is a scheme's name as compared: lower case, without the
// space around it ("LEI " is "lei").
func IdentifierScheme(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// CanonicalIdentifier is an identifier's value as compared within its
// scheme: letters and digits, upper case ("us-0378331005" and
// "US0378331005" are one ISIN); an SEC CIK without the zeros it is padded
// with to ten digits ("0001478320" is CIK 1478320).
func CanonicalIdentifier(scheme, v string) string {
	c := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToUpper(r)
		}
		return -1
	}, v)
	if strings.EqualFold(strings.TrimSpace(scheme), "cik") {
		if t := strings.TrimLeft(c, "0"); t != "" {
			c = t
		}
	}
	return c
}

// datesOverlap reports whether two dates can be the same day.
func datesOverlap(a, b Date) bool {
	return !a.Last().Before(b.First()) && !b.Last().Before(a.First())
}

func joinDates(ds []Date) string {
	s := make([]string, len(ds))
	for i, d := range ds {
		s[i] = d.String()
	}
	return strings.Join(s, ", ")
}
