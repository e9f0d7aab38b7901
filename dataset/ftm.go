package dataset

// FollowTheMoney (FtM) is the entity format of OpenSanctions, OpenOwnership
// exports and Aleph: one JSON object a line, {"id", "schema", "properties"},
// where every property is a list of strings. Things (persons, companies) and
// the links between them (Ownership, Directorship, Family, ...) are all
// entities; a link names its two ends by id in two of its properties. This
// file holds the mapping between FtM and impartial's records, in both
// directions; ftm_reader.go and ftm_writer.go stream it. docs/format.md
// documents it field by field.

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/impartial/impartial"
)

// FtM schemata that become entities, and the kind each becomes.
var ftmEntityKinds = map[string]impartial.EntityKind{
	"Person":       impartial.Person,
	"Organization": impartial.Organization,
	"Company":      impartial.Company,
	"PublicBody":   impartial.GovernmentBody,
	"LegalEntity":  impartial.Organization,
}

// The classification written on export for the two kinds FtM has no schema
// for, and read back on import.
const (
	ftmGovernment = "government"
	ftmCampaign   = "campaign organization"
)

// ftmFlags maps the flags rules depend on to where FtM says them: a listed
// company's topic, a fund's classification.
var ftmFlags = []struct {
	prop, value string
	flag        impartial.Flag
}{
	{"topics", "corp.public", impartial.PubliclyTraded},
	{"classification", "diversified fund", impartial.DiversifiedFund},
	{"classification", "sector fund", impartial.SectorFund},
}

// ftmIdentifiers maps FtM identifier properties to identifier schemes, in
// the order they are read. Export writes each scheme to its property.
var ftmIdentifiers = []struct{ prop, scheme string }{
	{"leiCode", "lei"},
	{"registrationNumber", "registration"},
	{"taxNumber", "tax"},
	{"innCode", "inn"},
	{"ogrnCode", "ogrn"},
	{"kppCode", "kpp"},
	{"okpoCode", "okpo"},
	{"vatCode", "vat"},
	{"dunsCode", "duns"},
	{"swiftBic", "swift_bic"},
	{"bvdId", "bvd"},
	{"cikCode", "cik"},
	{"permId", "perm_id"},
	{"imoNumber", "imo"},
	{"npiCode", "npi"},
	{"uniqueEntityId", "uei"},
	{"icijId", "icij"},
	{"wikidataId", "wikidata"},
	{"isinCode", "isin"},
	{"isin", "isin"}, // read only: Security's spelling
	{"ticker", "ticker"},
	{"ricCode", "ric"},
	{"idNumber", "id_number"},
	{"passportNumber", "passport"},
	{"socialSecurityNumber", "ssn"},
}

// ftmLink says how one interval schema becomes a relationship: which
// property holds the from side and which the to side, and the type.
type ftmLink struct {
	from, to string
	typ      impartial.RelType
}

var ftmLinks = map[string]ftmLink{
	"Ownership":      {"owner", "asset", impartial.Ownership}, // holding when the owner is a person
	"Directorship":   {"director", "organization", impartial.Position},
	"Employment":     {"employee", "employer", impartial.Employment},
	"Membership":     {"member", "organization", impartial.Membership},
	"Family":         {"person", "relative", impartial.Family},
	"Associate":      {"person", "associate", impartial.Business},
	"Representation": {"agent", "client", impartial.Representation},
	"Occupancy":      {"holder", "post", impartial.Position},
	"UnknownLink":    {"subject", "object", impartial.Business},
}

// ftmPrefixed are the relationship types FtM has no schema for: they are
// written as an UnknownLink whose role is "TYPE: ROLE" and read back from it.
var ftmPrefixed = []impartial.RelType{impartial.Campaign, impartial.Candidate, impartial.Household, impartial.Client}

// ftmHolding marks, in Ownership's ownershipType, an ownership that is a
// financial interest (holding) rather than parent and subsidiary:
// "holding" or "holding: spouse".
const ftmHolding = "holding"

// ftmDirector is the role a Directorship gets; FtM's own role text goes to
// the detail, so that rules that look for directors find it.
const ftmDirector = "director"

// familyRoles maps FtM's free-text Family relationship (what the relative is
// to the person) to impartial's family roles.
var familyRoles = map[string]string{
	"spouse": "spouse", "wife": "spouse", "husband": "spouse", "married": "spouse", "ex-spouse": "relative",
	"partner": "domestic_partner", "domestic partner": "domestic_partner", "domestic_partner": "domestic_partner",
	"civil partner": "domestic_partner", "cohabitant": "domestic_partner",
	"child": "child", "son": "child", "daughter": "child", "stepson": "child", "stepdaughter": "child", "stepchild": "child",
	"minor child": "minor_child", "minor_child": "minor_child",
	"parent": "parent", "father": "parent", "mother": "parent", "stepfather": "parent", "stepmother": "parent",
	"sibling": "sibling", "brother": "sibling", "sister": "sibling", "half-brother": "sibling", "half-sister": "sibling",
	"grandparent": "grandparent", "grandfather": "grandparent", "grandmother": "grandparent",
	"grandchild": "grandchild", "grandson": "grandchild", "granddaughter": "grandchild",
	"relative": "relative",
}

// familyRole returns the family role for FtM's relationship text; text that
// names no role impartial knows becomes "relative".
func familyRole(text string) string {
	t := strings.ToLower(strings.TrimSpace(text))
	if r, ok := familyRoles[t]; ok {
		return r
	}
	for _, w := range strings.FieldsFunc(t, func(r rune) bool { return r == ' ' || r == ',' || r == '(' || r == ')' || r == '/' }) {
		if r, ok := familyRoles[w]; ok && r != "relative" {
			return r
		}
	}
	return "relative"
}

// ftmDate reads an FtM date: an ISO 8601 prefix ("2016", "2016-07",
// "2016-07-01", or with a time, which is dropped).
func ftmDate(s string) (impartial.Date, error) {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, 'T'); i >= 0 {
		s = s[:i]
	}
	return impartial.ParseDate(s)
}

// ftmPercent reads an FtM percentage: "51", "51.5", "51%", "51,5". A range
// ("25-50") gives its upper bound, the reading that assumes more control,
// and says so.
func ftmPercent(s string) (float64, string, error) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	t = strings.ReplaceAll(t, ",", ".")
	if lo, hi, ok := strings.Cut(t, "-"); ok && lo != "" {
		if _, err := strconv.ParseFloat(strings.TrimSpace(lo), 64); err == nil {
			v, err := strconv.ParseFloat(strings.TrimSpace(hi), 64)
			if err == nil {
				return v, fmt.Sprintf("percentage given as %q; the upper bound is kept", s), nil
			}
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, "", fmt.Errorf("%q is not a percentage", s)
	}
	return v, "", nil
}

// ftmAmount reads Ownership's sharesValue: a number or a range "MIN-MAX",
// in whole units.
func ftmAmount(s string) (int64, int64, bool) {
	num := func(t string) (int64, bool) {
		f, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(t), ",", ""), 64)
		if err != nil || f < 0 || f > math.MaxInt64/2 {
			return 0, false
		}
		return int64(math.Round(f)), true
	}
	if lo, hi, ok := strings.Cut(s, "-"); ok && strings.TrimSpace(lo) != "" {
		a, ok1 := num(lo)
		b, ok2 := num(hi)
		return a, b, ok1 && ok2
	}
	a, ok := num(s)
	return a, 0, ok
}

func formatPercent(p float64) string { return strconv.FormatFloat(p, 'f', -1, 64) }

func formatAmount(a *impartial.Amount) string {
	if a.Max > a.Min {
		return fmt.Sprintf("%d-%d", a.Min, a.Max)
	}
	return strconv.FormatInt(a.Min, 10)
}

// splitSource turns a record's source back into the FtM datasets it came
// from ("a, b" → [a b]).
func splitSource(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ", ")
}
