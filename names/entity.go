package names

import (
	"fmt"
	"strings"
	"unicode"
)

// Identifier is a typed identifier of an entity: a ticker, an LEI, a
// registration number, an OpenSanctions id. Identifiers of the same scheme
// decide a comparison before any name is looked at.
type Identifier struct {
	Scheme string // e.g. "lei", "ticker", "registration", "opensanctions"
	Value  string
}

// Candidate is an entity as the matcher sees it: its schema, its names
// (aliases, in any script) and its identifiers.
type Candidate struct {
	Schema      Schema
	Names       []string
	Identifiers []Identifier
}

// normScheme canonicalises an identifier scheme name.
func normScheme(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}

// normIdentifier canonicalises an identifier value: upper case, without
// spaces, dots, dashes or slashes, so that "529900-T8BM49AURSDO55" equals
// "529900T8BM49AURSDO55".
func normIdentifier(v string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToUpper(r)
		}
		return -1
	}, v)
}

// CompareEntities compares two entities. Where both carry identifiers of a
// common scheme, the identifiers decide: an equal value is a match (score
// 1), different values are a non-match (score 0), whatever the names say.
// Only where no scheme is shared do the names decide, as the best score
// over all pairs of aliases; a person matched by name only is sent to
// review.
func CompareEntities(a, b Candidate) Result {
	schema := a.Schema
	if schema == "" {
		schema = b.Schema
	}
	if r, ok := compareIdentifiers(a, b, schema); ok {
		return r
	}
	if len(a.Names) == 0 || len(b.Names) == 0 {
		return Result{Schema: schema, Decision: DecisionNoMatch, Reasons: []string{"no names and no common identifier"}}
	}
	var as, bs []string
	for _, n := range a.Names {
		as = append(as, splitAlternates(n)...)
	}
	for _, n := range b.Names {
		bs = append(bs, splitAlternates(n)...)
	}
	r := compareAliases(as, bs, schema)
	if len(a.Identifiers) > 0 && len(b.Identifiers) > 0 {
		r.Reasons = append(r.Reasons, "no identifier scheme in common: names decide")
	}
	return r
}

// compareIdentifiers decides by identifiers when a scheme is shared.
func compareIdentifiers(a, b Candidate, schema Schema) (Result, bool) {
	shared := false
	var differ []string
	for _, x := range a.Identifiers {
		sx, vx := normScheme(x.Scheme), normIdentifier(x.Value)
		if vx == "" {
			continue
		}
		for _, y := range b.Identifiers {
			if normScheme(y.Scheme) != sx {
				continue
			}
			vy := normIdentifier(y.Value)
			if vy == "" {
				continue
			}
			shared = true
			if vx == vy {
				return Result{
					Score: 1, Match: true, Decision: DecisionMatch, Schema: schema, IdentifierDecided: true,
					A: firstName(a), B: firstName(b),
					Reasons: []string{fmt.Sprintf("same %s identifier %q: identifiers decide over names", sx, x.Value)},
				}, true
			}
			differ = append(differ, fmt.Sprintf("%s %q vs %q", sx, x.Value, y.Value))
		}
	}
	if !shared {
		return Result{}, false
	}
	return Result{
		Score: 0, Decision: DecisionNoMatch, Schema: schema, IdentifierDecided: true,
		A: firstName(a), B: firstName(b),
		Reasons: []string{fmt.Sprintf("different identifiers of the same scheme (%s): identifiers decide over names", strings.Join(differ, "; "))},
	}, true
}

func firstName(c Candidate) string {
	if len(c.Names) > 0 {
		return c.Names[0]
	}
	return ""
}
