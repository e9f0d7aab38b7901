// Package synth generates a deterministic synthetic data set of people,
// companies, governments, relationships, contacts and matters, sized from a
// few hundred entities to millions. It is there for the benchmarks of the
// name matcher, the screening engine and the stores, and for feeding a large
// set through the streaming importer. The data has to look like the real
// thing (names in several cultures and scripts, aliases, ownership chains,
// households, holdings, campaign roles) or the figures measured on it mean
// nothing.
//
// Generation streams: records are handed to a callback one at a time, in
// dependency order, and nothing is kept, so memory does not grow with size.
// Every fact that more than one record needs (a spouse's surname, a holding
// that a matter's party is planted from) is a pure function of the seed and
// an index number, recomputed where it is needed instead of remembered.
package synth

import (
	"context"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/impartial/impartial"
)

// Source is the Source field of every generated record, so that synthetic
// data can never be mistaken for recorded facts.
const Source = "synthetic"

// Config sizes a generated data set. DefaultConfig scales everything from the
// number of entities; set fields by hand to stress one part.
type Config struct {
	// Seed decides everything else: the same Config always gives the same
	// records, byte for byte.
	Seed int64
	// Entities is the number of entities of all kinds. About 82% are
	// persons, 15% companies, the rest organisations, funds, government
	// bodies, campaign organisations and governments. At least 20.
	Entities int
	// Relationships is the exact number of relationships.
	Relationships int
	// Covered is the number of persons screened, with coverage and a
	// profile of family, holdings, positions and campaign roles. At most a
	// quarter of the persons.
	Covered int
	// Contacts is the number of contacts, each with a covered person.
	Contacts int
	// Matters is the number of matters.
	Matters int
	// ClosedPercent is the share of matters, in percent, that are closed by
	// now; the rest are open and screened.
	ClosedPercent int
	// PartiesPerMatter is the mean number of parties of a matter.
	PartiesPerMatter int
	// TeamPerMatter is the mean number of covered persons on a matter's team.
	TeamPerMatter int
}

// DefaultConfig returns the configuration for a data set of the given number
// of entities, in the proportions of the product's quality bars: 1,000,000
// entities come with 10,000 covered persons, 2,000,000 relationships, 20,000
// contacts and 111,111 matters of 5 parties on average, of which 10% are
// closed: 100,000 open matters, the number the full re-screen bar is set for.
func DefaultConfig(entities int) Config {
	return Config{
		Seed:             1,
		Entities:         entities,
		Relationships:    2 * entities,
		Covered:          max(1, entities/100),
		Contacts:         entities / 50,
		Matters:          entities / 9,
		ClosedPercent:    10,
		PartiesPerMatter: 5,
		TeamPerMatter:    2,
	}
}

// MinEntities is the smallest data set that has an entity of every kind.
const MinEntities = 20

// kind is the kind of a generated entity; it decides the id prefix and the
// index range the entity lives in.
type kind uint8

const (
	kGov kind = iota
	kBody
	kOrg
	kCompany
	kFund
	kCampaign
	kPerson
	nKinds
)

// prefixes are the id prefixes per kind: ids are prefix + zero-padded index
// ("p000123"), so any record can name any entity without a lookup.
var prefixes = [nKinds]string{"g", "gb", "o", "c", "f", "cam", "p"}

var entityKinds = [nKinds]impartial.EntityKind{
	impartial.Government, impartial.GovernmentBody, impartial.Organization, impartial.Company,
	impartial.Company, impartial.CampaignOrganization, impartial.Person,
}

// ref names a generated entity by kind and index.
type ref struct {
	k kind
	i int
}

// layout is how many entities of each kind a Config gives, and where the
// covered persons' relatives sit among the persons: persons [0, covered) are
// covered, [covered, 2·covered) are their possible spouses, [2·covered,
// 4·covered) their possible children, and households of ordinary persons
// are pairs from ordinary on.
type layout struct {
	n        [nKinds]int
	covered  int
	ordinary int
}

func plan(cfg Config) (layout, error) {
	var l layout
	bad := func(field, format string, args ...any) (layout, error) {
		return l, impartial.FieldError("synth config", field, format, args...)
	}
	switch {
	case cfg.Entities < MinEntities:
		return bad("entities", "%d is fewer than %d", cfg.Entities, MinEntities)
	case cfg.Relationships < 0:
		return bad("relationships", "%d is negative", cfg.Relationships)
	case cfg.Covered < 0:
		return bad("covered", "%d is negative", cfg.Covered)
	case cfg.Contacts < 0:
		return bad("contacts", "%d is negative", cfg.Contacts)
	case cfg.Matters < 0:
		return bad("matters", "%d is negative", cfg.Matters)
	case cfg.ClosedPercent < 0 || cfg.ClosedPercent > 100:
		return bad("closed_percent", "%d is not a percentage", cfg.ClosedPercent)
	case cfg.Matters > 0 && cfg.PartiesPerMatter < 1:
		return bad("parties_per_matter", "%d is less than 1", cfg.PartiesPerMatter)
	case cfg.TeamPerMatter < 0:
		return bad("team_per_matter", "%d is negative", cfg.TeamPerMatter)
	}
	n := cfg.Entities
	l.n[kGov] = min(len(countries), max(1, n/2000))
	l.n[kBody] = max(1, n/500)
	l.n[kOrg] = max(2, n/50)
	l.n[kCompany] = max(3, n*15/100)
	l.n[kFund] = max(1, n/200)
	l.n[kCampaign] = max(1, n/1000)
	others := 0
	for k := kGov; k < kPerson; k++ {
		others += l.n[k]
	}
	l.n[kPerson] = n - others
	if cfg.Covered > l.n[kPerson]/4 {
		return bad("covered", "%d is more than a quarter of the %d persons", cfg.Covered, l.n[kPerson])
	}
	l.covered = cfg.Covered
	l.ordinary = 4 * cfg.Covered
	return l, nil
}

// generator is the state of one Generate call. Its streams are reseeded per
// index, so that what it computes for entity i does not depend on what it
// computed before.
type generator struct {
	cfg     Config
	lay     layout
	seed    uint64
	ctx     context.Context
	emit    func(any) error
	emitted int
	buf     []byte
	width   [nKinds]int

	relWidth, contactWidth, matterWidth int
	relN                                int

	names   *stream // person and company names
	aliases *stream // alias choices at emission
	prof    *stream // covered persons' profiles
	seq     *stream // the sequential phases
}

// Generate produces the data set of cfg and hands each record to emit: first
// every *impartial.Entity, then every *impartial.Relationship, then every
// *impartial.Contact, then every *impartial.Matter, so that a streaming
// importer sees each entity before anything refers to it. Records are fresh
// values emit may keep. Generation stops at the first error emit returns
// (which Generate returns unchanged), or when ctx is done.
func Generate(ctx context.Context, cfg Config, emit func(rec any) error) error {
	lay, err := plan(cfg)
	if err != nil {
		return err
	}
	g := &generator{
		cfg: cfg, lay: lay, seed: uint64(cfg.Seed), ctx: ctx, emit: emit,
		buf:   make([]byte, 0, 32),
		names: newStream(), aliases: newStream(), prof: newStream(), seq: newStream(),
	}
	for k := range nKinds {
		g.width[k] = idWidth(lay.n[k])
	}
	g.relWidth = idWidth(cfg.Relationships)
	g.contactWidth = idWidth(cfg.Contacts)
	g.matterWidth = idWidth(cfg.Matters)
	for _, phase := range []func() error{g.entities, g.relationships, g.contacts, g.matters} {
		if err := phase(); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// put hands one record to emit, checking for cancellation now and then.
func (g *generator) put(rec any) error {
	g.emitted++
	if g.emitted&1023 == 0 {
		if err := g.ctx.Err(); err != nil {
			return err
		}
	}
	return g.emit(rec)
}

func idWidth(count int) int {
	return max(6, len(strconv.Itoa(max(0, count-1))))
}

// id formats prefix + zero-padded n without fmt, which matters at millions
// of records.
func (g *generator) id(prefix string, n, width int) string {
	b := append(g.buf[:0], prefix...)
	var digits [20]byte
	d := strconv.AppendInt(digits[:0], int64(n), 10)
	for k := len(d); k < width; k++ {
		b = append(b, '0')
	}
	b = append(b, d...)
	g.buf = b
	return string(b)
}

// eid is the id of a generated entity.
func (g *generator) eid(r ref) string { return g.id(prefixes[r.k], r.i, g.width[r.k]) }

// Tags separate the pure functions of (seed, index), so that the name of
// person 7 and the profile of covered person 7 are independent draws.
const (
	tagPersonName uint64 = iota + 1
	tagPersonAlias
	tagProfile
	tagSpouse
	tagChildren
	tagCompanyName
	tagCompanyAlias
	tagGroup
	tagTraded
	tagFund
	tagOrg
	tagBody
	tagCampaign
	tagGov
	tagPhaseRel
	tagPhaseContact
	tagPhaseMatter
	tagFundHoldings
)

// mix is SplitMix64's finaliser: a cheap, well-spread hash of one word.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// hash is a pure pseudo-random word for (tag, i) under the seed.
func (g *generator) hash(tag uint64, i int) uint64 {
	return mix(g.seed ^ mix(tag<<40^uint64(i)))
}

// chance is a pure yes with the given percentage for (tag, i).
func (g *generator) chance(tag uint64, i, percent int) bool {
	return int(g.hash(tag, i)%100) < percent
}

// stream is a PCG source that can be reseeded in place, so that the per-index
// draws cost no allocation.
type stream struct {
	src rand.PCG
	*rand.Rand
}

func newStream() *stream {
	s := &stream{}
	s.Rand = rand.New(&s.src)
	return s
}

// at reseeds the stream for (tag, i) and returns it.
func (s *stream) at(seed, tag uint64, i int) *rand.Rand {
	s.src.Seed(mix(seed^mix(tag)), mix(uint64(i)^tag<<48))
	return s.Rand
}

func (g *generator) stream(s *stream, tag uint64, i int) *rand.Rand { return s.at(g.seed, tag, i) }

// skewed draws an index below n with the front of the table more likely,
// the way common names are more common.
func skewed(r *rand.Rand, n int) int {
	u := r.Float64()
	if r.Uint32()&1 == 0 {
		u *= u
	}
	return min(n-1, int(u*float64(n)))
}

// pick returns a random element of a table.
func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// The years generated dates fall in.
const (
	firstYear = 1990
	lastYear  = 2024
)

func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// dateIn draws a date in [y0, y1] known to the day with percentage pDay, to
// the month with pMonth, else to the year: records often know no more.
func dateIn(r *rand.Rand, y0, y1, pDay, pMonth int) impartial.Date {
	y := y0
	if y1 > y0 {
		y += r.IntN(y1 - y0 + 1)
	}
	m := time.Month(1 + r.IntN(12))
	p := r.IntN(100)
	switch {
	case p < pDay:
		return impartial.Day(y, m, 1+r.IntN(daysIn(y, m)))
	case p < pDay+pMonth:
		return impartial.Month(y, m)
	}
	return impartial.Year(y)
}

func yearOf(d impartial.Date) int { return d.First().Year() }

// endAfter draws an end for a span starting at start, at least a year later
// and at most span years later; the zero Date when that is past lastYear.
func endAfter(r *rand.Rand, start impartial.Date, span int) impartial.Date {
	y0 := yearOf(start) + 1
	if y0 > lastYear {
		return impartial.Date{}
	}
	return dateIn(r, y0, min(lastYear, y0+span), 70, 20)
}

// electionDay is the U.S. general election day of a year: the Tuesday after
// the first Monday of November.
func electionDay(year int) impartial.Date {
	d := time.Date(year, time.November, 2, 0, 0, 0, 0, time.UTC)
	for d.Weekday() != time.Tuesday {
		d = d.AddDate(0, 0, 1)
	}
	return impartial.DateOf(d)
}

// amountBrackets are the value ranges of U.S. financial disclosure forms
// (OGE Form 278), from which holdings draw their Amount.
var amountBrackets = []impartial.Amount{
	{Min: 1001, Max: 15000}, {Min: 15001, Max: 50000}, {Min: 50001, Max: 100000},
	{Min: 100001, Max: 250000}, {Min: 250001, Max: 500000}, {Min: 500001, Max: 1000000},
	{Min: 1000001, Max: 5000000}, {Min: 5000001, Max: 25000000}, {Min: 25000001, Max: 50000000},
	{Min: 50000001},
}

// amount draws a bracket, small ones far more often, and returns a fresh
// value the record may own.
func amount(r *rand.Rand) *impartial.Amount {
	a := amountBrackets[skewed(r, len(amountBrackets))]
	if r.IntN(3) == 0 {
		a = amountBrackets[r.IntN(3)]
	}
	a.Currency = "USD"
	return &a
}

func percent(v float64) *float64 { return &v }
