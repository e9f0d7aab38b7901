package synth

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/impartial/impartial"
)

// bodies is the fixed list of government bodies: the head list, then federal
// courts and U.S. Attorney's Offices by circuit and district, foreign
// ministries and embassies, and state agencies. Bodies beyond it are local
// agencies made from localAgencies and cities.
var bodies = buildBodies()

// bodiesByCat lists the indexes of bodies per category, ascending.
var bodiesByCat = func() (out [nBodyCats][]int) {
	for i, b := range bodies {
		out[b.cat] = append(out[b.cat], i)
	}
	return out
}()

func buildBodies() []body {
	out := slices.Clone(headBodies)
	for _, c := range circuits {
		if c == "Second" {
			continue
		}
		out = append(out, body{name: "U.S. Court of Appeals for the " + c + " Circuit", cat: catCourt, judge: "Circuit Judge"})
	}
	for _, d := range districts {
		out = append(out,
			body{name: "U.S. District Court for the " + d, cat: catCourt, judge: "District Judge"},
			body{name: "U.S. Attorney's Office for the " + d, cat: catDOJ},
			body{name: "U.S. Bankruptcy Court for the " + d, cat: catCourt, judge: "Bankruptcy Judge"})
	}
	for ci, c := range countries {
		if ci == 0 {
			continue
		}
		for pi, p := range foreignBodies {
			if ci == 1 && pi < 2 {
				continue // in headBodies, with Russian aliases
			}
			out = append(out, body{name: fmt.Sprintf(p, c.official), cat: catForeign, country: ci})
		}
	}
	for _, s := range states {
		for _, p := range stateAgencies {
			out = append(out, body{name: fmt.Sprintf(p, s), cat: catState})
		}
	}
	return out
}

// bodyAt returns body i, making a local agency for indexes past the fixed
// list ("Tulsa Water District No. 3").
func bodyAt(i int) body {
	if i < len(bodies) {
		return bodies[i]
	}
	k := i - len(bodies)
	name := fmt.Sprintf(localAgencies[k%len(localAgencies)], cities[(k/len(localAgencies))%len(cities)])
	if round := k / (len(localAgencies) * len(cities)); round > 0 {
		name += " No. " + strconv.Itoa(round+1)
	}
	return body{name: name, cat: catLocal}
}

// bodyOfCat draws a body of the category among those the data set has, or
// any body when it has none of that category.
func (g *generator) bodyOfCat(r *rand.Rand, cat bodyCat) int {
	list := bodiesByCat[cat]
	n := sort.SearchInts(list, g.lay.n[kBody])
	if n == 0 {
		return r.IntN(g.lay.n[kBody])
	}
	return list[r.IntN(n)]
}

// Organisation subkinds follow the index: j%10 of 0 and 5 are law firms, 1
// universities, 2 trade associations, 3 foundations, 4 think tanks, 6
// advocacy groups, 7 news organisations, 8 professional associations, 9
// unions and clubs. Records that need a law firm or a newspaper can then
// name one without a lookup.
const (
	orgUniversity   = 1
	orgTrade        = 2
	orgFoundation   = 3
	orgThinkTank    = 4
	orgAdvocacy     = 6
	orgNews         = 7
	orgProfessional = 8
	orgUnion        = 9
)

func isLawFirm(j int) bool { return j%5 == 0 }

// lawFirm draws a law firm.
func (g *generator) lawFirm(r *rand.Rand) int { return 5 * r.IntN((g.lay.n[kOrg]+4)/5) }

// orgOf draws an organisation of subkind sub, or any when there is none.
func (g *generator) orgOf(r *rand.Rand, sub int) int {
	n := g.lay.n[kOrg]
	if n <= sub {
		return r.IntN(n)
	}
	return sub + 10*r.IntN((n-sub+9)/10)
}

func (g *generator) orgNames(j int) (string, []string) {
	r := g.stream(g.names, tagOrg, j)
	surname := func() string {
		c := drawCulture(r, &generalWeights)
		switch c {
		case english, hispanic, german, french, italian, indian:
			return latinCultures[c].surnames[skewed(r, surnameCount(c))]
		}
		return pick(r, englishSurnames)
	}
	place := func() string {
		if r.IntN(2) == 0 {
			return pick(r, states)
		}
		return pick(r, cities)
	}
	switch j % 10 {
	case 0, 5:
		a, b := surname(), surname()
		for b == a {
			b = pick(r, englishSurnames)
		}
		switch r.IntN(5) {
		case 0:
			c := surname()
			return a + ", " + b + " & " + c + " LLP", []string{a + " " + b, strings.ToUpper(a + ", " + b + " & " + c)}
		case 1:
			return a + " " + b + " LLP", []string{a + " & " + b}
		case 2:
			return a + " Law Group PLLC", []string{a + " Law Group"}
		case 3:
			return a + " & Partners LLP", nil
		}
		return a + " & " + b + " LLP", []string{a + " & " + b, a + " and " + b + " LLP"}
	case orgUniversity:
		if r.IntN(4) == 0 {
			s := surname()
			return s + " University", []string{s}
		}
		return fmt.Sprintf(pick(r, universityPatterns), place()), nil
	case orgTrade:
		s := pick(r, associationSectors)
		if r.IntN(2) == 0 {
			return "American " + s + " Association", nil
		}
		return "National Association of " + s, nil
	case orgFoundation:
		if r.IntN(2) == 0 {
			s := surname()
			return s + " Family Foundation", []string{s + " Foundation"}
		}
		return place() + " Community Foundation", nil
	case orgThinkTank:
		t := pick(r, thinkTankTopics)
		if r.IntN(2) == 0 {
			return "Institute for " + t, nil
		}
		return "Center for " + t, nil
	case orgAdvocacy:
		c := pick(r, causes)
		if r.IntN(2) == 0 {
			return "Citizens for " + c, nil
		}
		return place() + " " + c + " Project", nil
	case orgNews:
		name := pick(r, cities) + " " + pick(r, paperNames)
		return "The " + name, []string{name}
	case orgProfessional:
		s := pick(r, states)
		if r.IntN(3) == 0 {
			return s + " Medical Association", nil
		}
		return s + " State Bar Association", []string{s + " Bar", s + " State Bar"}
	}
	if r.IntN(2) == 0 {
		return pick(r, unionSectors) + " Union Local " + strconv.Itoa(1+r.IntN(999)), nil
	}
	return pick(r, cities) + " " + pick(r, []string{"Rotary Club", "Country Club", "Chamber of Commerce"}), nil
}

// companyBase is what a company would be on its own: where it is
// incorporated and its name parts. A subsidiary may take its group root's
// stem instead (see company).
type companyBase struct {
	juris  int
	latin  string // the stem in Latin script: "Meridian", "Uralprom", "Huaxin"
	native string // the stem in the jurisdiction's script, if not Latin
	sector int    // index into the jurisdiction's sectors (or sectors, or chineseSectors); -1 none
	local  bool   // sector is from the jurisdiction's own words
	form   int
}

func drawJurisdiction(r *rand.Rand) int {
	n := r.IntN(100)
	for i, j := range jurisdictions {
		if n < j.weight {
			return i
		}
		n -= j.weight
	}
	return 0
}

func (g *generator) companyBase(c int) companyBase {
	r := g.stream(g.names, tagCompanyName, c)
	b := companyBase{juris: drawJurisdiction(r), sector: -1}
	j := &jurisdictions[b.juris]
	b.form = skewed(r, len(j.forms))
	switch j.code {
	case "RU":
		b.native = pick(r, russianStemHeads) + pick(r, russianStemTails)
		b.latin = cyrLatin(b.native, cyrPress)
		return b
	case "CN":
		a, z := pick(r, chineseStemChars), pick(r, chineseStemChars)
		b.latin = a.pinyin + strings.ToLower(z.pinyin)
		b.native = a.han + z.han
		b.sector = r.IntN(len(chineseSectors))
		return b
	}
	switch n := r.IntN(100); {
	case n < 35:
		b.latin = pick(r, wordStems)
	case n < 60:
		b.latin = pick(r, inventedHeads) + pick(r, inventedTails)
	case n < 90:
		t := latinCultures[j.culture]
		b.latin = t.surnames[skewed(r, len(t.surnames))]
	default:
		t := latinCultures[j.culture]
		b.latin = t.surnames[skewed(r, len(t.surnames))] + " & " + t.surnames[r.IntN(len(t.surnames))]
	}
	if r.IntN(4) != 0 {
		if j.sectors != nil && r.IntN(10) < 6 {
			b.local, b.sector = true, r.IntN(len(j.sectors))
		} else {
			b.sector = r.IntN(len(sectors))
		}
	}
	return b
}

// groupShapes are the shapes of corporate groups: for each of 8 consecutive
// companies, the position of its parent within the block, or -1. Chains run
// up to four levels deep (0→1→2→3→4).
var groupShapes = [][8]int{
	{-1, 0, 1, 2, 3, -1, -1, -1},
	{-1, 0, 0, 0, 0, 0, -1, -1},
	{-1, 0, 0, 1, 1, 2, 3, -1},
	{-1, 0, 0, -1, 3, 4, 4, -1},
}

// parentOf returns the parent company of company c, or -1. Blocks of 8
// consecutive companies are either 8 independent companies (60%) or a group
// of one of groupShapes.
func (g *generator) parentOf(c int) int {
	h := g.hash(tagGroup, c/8) % 10
	if h < 6 {
		return -1
	}
	p := groupShapes[h-6][c%8]
	if p < 0 {
		return -1
	}
	return c - c%8 + p
}

func (g *generator) rootOf(c int) int {
	for p := g.parentOf(c); p >= 0; p = g.parentOf(c) {
		c = p
	}
	return c
}

// traded reports whether company c's shares are publicly traded: half of
// group parents, few independents and fewer subsidiaries.
func (g *generator) traded(c int) bool {
	switch {
	case g.parentOf(c) >= 0:
		return g.chance(tagTraded, c, 3)
	case g.hasSubsidiaries(c):
		return g.chance(tagTraded, c, 50)
	}
	return g.chance(tagTraded, c, 8)
}

// hasSubsidiaries reports whether company c is the parent of another.
func (g *generator) hasSubsidiaries(c int) bool {
	block := c - c%8
	for s := c + 1; s < block+8 && s < g.lay.n[kCompany]; s++ {
		if g.parentOf(s) == c {
			return true
		}
	}
	return false
}

// companyNames renders company c's name and aliases. A subsidiary usually
// carries its group's stem, with the sector and region of its own
// jurisdiction ("Meridian Energie Deutschland GmbH"); some carry a name of
// their own, as acquired companies do — the case plain name search misses.
func (g *generator) companyNames(c int) (string, []string) {
	b := g.companyBase(c)
	root := g.rootOf(c)
	region := ""
	if root != c && g.chance(tagCompanyName, c, 70) {
		rb := g.companyBase(root)
		if rb.juris != b.juris {
			region = jurisdictions[b.juris].region
			rb.native = ""
		}
		b.latin, b.native = rb.latin, rb.native
	}
	r := g.stream(g.aliases, tagCompanyAlias, c)
	j := &jurisdictions[b.juris]
	form := j.forms[b.form]
	var aliases []string
	add := func(a string) {
		if a != "" && !slices.Contains(aliases, a) {
			aliases = append(aliases, a)
		}
	}
	switch j.code {
	case "RU":
		stem := b.latin
		if region != "" {
			stem += " " + region
		}
		latinFront := form.other[0] + " " + stem
		if b.native == "" {
			add(stem + " " + form.other[len(form.other)-1])
			return latinFront, aliases
		}
		cyr := form.short + " «" + b.native + "»"
		name := cyr
		if r.IntN(2) == 0 {
			name = latinFront
			add(cyr)
		} else {
			add(latinFront)
		}
		add(stem + " " + form.other[len(form.other)-1])
		if r.IntN(3) == 0 {
			add(cyrLatin(b.native, cyrICAO))
		}
		if form.short == "ПАО" && r.IntN(3) == 0 {
			add("OAO " + stem) // the form before the 2014 reform
		}
		return name, aliases
	case "CN":
		sector := chineseSectors[max(0, b.sector)]
		stem := b.latin
		if region != "" {
			stem += " (" + region + ")"
		}
		name := stem + " " + sector.pinyin + " " + form.short
		if b.native != "" {
			han := b.native + sector.han + "有限公司"
			if strings.HasPrefix(form.short, "Group") {
				han = b.native + sector.han + "集团有限公司"
			}
			if r.IntN(5) == 0 {
				add(name)
				name = han
			} else {
				add(han)
			}
		}
		add(stem + " " + sector.pinyin + " " + pick(r, form.other))
		return name, aliases
	}
	base := b.latin
	if b.sector >= 0 {
		if b.local {
			base += " " + j.sectors[b.sector]
		} else {
			base += " " + sectors[b.sector]
		}
	}
	if region != "" {
		base += " " + region
	}
	name := base + " " + form.short
	if r.IntN(10) < 4 {
		add(base + " " + pick(r, form.other))
	}
	if r.IntN(10) < 4 {
		add(base)
	}
	if r.IntN(10) == 0 {
		add(strings.ToUpper(name))
	}
	if !isASCII(name) && r.IntN(2) == 0 {
		if j.code == "DE" || j.code == "CH" {
			add(umlautWriter.Replace(name))
		} else {
			add(accentFolder.Replace(name))
		}
	}
	if name == "" {
		name = base
	}
	return name, aliases
}

// letters writes n in base 26 as exactly width capital letters.
func letters(n, width int) string {
	b := make([]byte, width)
	for i := width - 1; i >= 0; i-- {
		b[i] = byte('A' + n%26)
		n /= 26
	}
	return string(b)
}

// ticker returns a company ticker unique in the data set: an affine
// permutation of the index onto four letters, so that tickers look random
// but never collide, with a share-class suffix past 26⁴ companies.
func ticker(c int) string {
	const space = 26 * 26 * 26 * 26
	t := letters((c%space*7919+104729)%space, 4)
	if c >= space {
		t += "." + strconv.Itoa(c/space)
	}
	return t
}

// fundTicker returns a mutual-fund style ticker: five letters ending in X,
// distinct from every company ticker.
func fundTicker(f int) string {
	const space = 26 * 26 * 26 * 26
	return letters((f%space*15485863+7)%space, 4) + "X" + suffixIf(f >= space, strconv.Itoa(f/space))
}

func suffixIf(cond bool, s string) string {
	if cond {
		return "." + s
	}
	return ""
}

// leiPrefixes are the prefixes of some issuers of Legal Entity Identifiers.
var leiPrefixes = []string{"5493", "2138", "5299", "9695", "3912", "8156", "7245", "2549"}

// lei returns a Legal Entity Identifier for key: 4 characters of issuer,
// "00", 12 characters derived from key, and the two ISO 7064 MOD 97-10
// check digits that real LEIs carry.
func lei(key uint64) string {
	const alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	b := make([]byte, 0, 20)
	b = append(b, leiPrefixes[key%uint64(len(leiPrefixes))]...)
	b = append(b, '0', '0')
	x := mix(key)
	for range 12 {
		b = append(b, alnum[x%36])
		x /= 36
		if x == 0 {
			x = mix(key ^ 0x5bd1e995)
		}
	}
	rem := 0
	for _, ch := range b {
		v := int(ch - '0')
		if ch >= 'A' {
			v = int(ch-'A') + 10
		}
		if v >= 10 {
			rem = (rem*100 + v) % 97
		} else {
			rem = (rem*10 + v) % 97
		}
	}
	check := 98 - (rem*100)%97
	b = append(b, byte('0'+check/10), byte('0'+check%10))
	return string(b)
}

// leiValid reports whether s passes the LEI check digits.
func leiValid(s string) bool {
	if len(s) != 20 {
		return false
	}
	rem := 0
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch >= '0' && ch <= '9':
			rem = (rem*10 + int(ch-'0')) % 97
		case ch >= 'A' && ch <= 'Z':
			rem = (rem*100 + int(ch-'A') + 10) % 97
		default:
			return false
		}
	}
	return rem == 1
}

// campaign is a campaign organisation: whose it is, for what office, and the
// election year.
type campaign struct {
	candidate int
	office    int
	year      int
}

var officeWeights = []int{10, 25, 30, 15, 12, 8}

func (g *generator) campaign(k int) campaign {
	h := g.hash(tagCampaign, k)
	var c campaign
	lay := &g.lay
	switch {
	case lay.covered > 0 && h%10 == 0:
		c.candidate = int((h >> 8) % uint64(lay.covered))
	case lay.n[kPerson] > lay.ordinary:
		c.candidate = lay.ordinary + int((h>>8)%uint64(lay.n[kPerson]-lay.ordinary))
	default:
		c.candidate = int((h >> 8) % uint64(lay.n[kPerson]))
	}
	n := int((h >> 40) % 100)
	for i, w := range officeWeights {
		if n < w {
			c.office = i
			break
		}
		n -= w
	}
	c.year = 2000 + 2*int((h>>48)%13)
	if c.office == 0 {
		c.year -= c.year % 4
	}
	return c
}

func (g *generator) campaignNames(k int) (string, []string) {
	c := g.campaign(k)
	given, sur := g.person(c.candidate).latin()
	r := g.stream(g.names, tagCampaign, k)
	o := campaignOffices[c.office]
	name := fmt.Sprintf(pick(r, o.patterns), given+" "+sur, sur, c.year, pick(r, cities))
	if r.IntN(4) == 0 {
		name += ", Inc."
	}
	aliases := []string{sur + " campaign"}
	if c.office == 0 {
		aliases = append(aliases, "the "+strconv.Itoa(c.year)+" "+sur+" presidential campaign")
	}
	return name, aliases
}

func (g *generator) fundNames(f int) (name string, aliases []string, kind fundKind, etf bool) {
	family := f / 6
	fr := g.stream(g.names, tagFund, family)
	stem := pick(fr, wordStems)
	if fr.IntN(3) == 0 {
		stem = englishSurnames[skewed(fr, len(englishSurnames))]
	}
	word := pick(fr, fundFamilyWords)
	r := g.stream(g.aliases, tagFund, f)
	kind = fundKinds[r.IntN(len(fundKinds))]
	etf = r.IntN(10) < 3
	k := kind.name
	if etf {
		k = strings.TrimSuffix(k, " Fund") + " ETF"
	}
	name = stem + " " + k
	if r.IntN(10) < 4 {
		aliases = append(aliases, stem+" "+word+" "+k)
	}
	return name, aliases, kind, etf
}

// entityNames renders the primary name and aliases of any generated entity,
// the same way every time, so that a matter can name a party exactly as its
// entity record does (or by a variant of it).
func (g *generator) entityNames(e ref) (string, []string) {
	switch e.k {
	case kGov:
		c := countries[e.i]
		aliases := []string{c.short, c.adjective + " government"}
		if c.native != "" {
			aliases = append(aliases, c.native)
		}
		return "Government of " + c.official, aliases
	case kBody:
		b := bodyAt(e.i)
		return b.name, slices.Clone(b.aliases)
	case kOrg:
		return g.orgNames(e.i)
	case kCompany:
		return g.companyNames(e.i)
	case kFund:
		name, aliases, _, _ := g.fundNames(e.i)
		return name, aliases
	case kCampaign:
		return g.campaignNames(e.i)
	}
	p := g.person(e.i)
	return p.names(g.stream(g.aliases, tagPersonAlias, e.i))
}

// entities emits every entity, kind by kind.
func (g *generator) entities() error {
	for k := range nKinds {
		for i := range g.lay.n[k] {
			e := ref{k, i}
			rec := &impartial.Entity{ID: g.eid(e), Kind: entityKinds[k], Source: Source}
			rec.Name, rec.Aliases = g.entityNames(e)
			switch k {
			case kCompany:
				g.companyFacts(rec, i)
			case kFund:
				_, _, kind, etf := g.fundNames(i)
				if kind.diversified {
					rec.Flags = append(rec.Flags, impartial.DiversifiedFund)
				}
				if etf {
					rec.Flags = append(rec.Flags, impartial.PubliclyTraded)
				}
				if !kind.diversified {
					rec.Flags = append(rec.Flags, impartial.SectorFund)
				}
				rec.Identifiers = []impartial.Identifier{{Scheme: "ticker", Value: fundTicker(i)}}
			case kPerson:
				if i < g.lay.covered {
					var p profile
					g.profile(i, &p)
					rec.Coverage = &impartial.Coverage{Regime: p.regime, Position: p.title,
						Span: impartial.Span{Start: p.start, End: p.end}}
					if g.chance(tagProfile, i, 25) && isASCII(rec.Name) {
						title := "Hon. "
						if p.regime == impartial.Judiciary {
							title = "Judge "
						}
						rec.Aliases = append(rec.Aliases, title+rec.Name)
					}
				}
			}
			if len(rec.Aliases) == 0 {
				rec.Aliases = nil
			}
			if err := g.put(rec); err != nil {
				return err
			}
		}
	}
	return nil
}

// companyFacts adds a company's flags and identifiers: tickers for traded
// companies, LEIs for those and some others, register numbers for some.
func (g *generator) companyFacts(rec *impartial.Entity, c int) {
	h := g.hash(tagCompanyAlias, c)
	traded := g.traded(c)
	if traded {
		rec.Flags = []impartial.Flag{impartial.PubliclyTraded}
		rec.Identifiers = append(rec.Identifiers, impartial.Identifier{Scheme: "ticker", Value: ticker(c)})
	}
	if traded || h%4 == 0 {
		rec.Identifiers = append(rec.Identifiers, impartial.Identifier{Scheme: "lei", Value: lei(g.seed ^ uint64(c)<<1)})
	}
	if h>>8%10 < 3 {
		var reg string
		switch jurisdictions[g.companyBase(c).juris].code {
		case "DE":
			reg = "HRB " + strconv.Itoa(100000+c)
		case "GB":
			reg = "0" + strconv.Itoa(1000000+c)
		case "RU":
			reg = "10277" + strconv.Itoa(10000000+c)
		case "US":
			reg = "DE-" + strconv.Itoa(2000000+c)
		}
		if reg != "" {
			rec.Identifiers = append(rec.Identifiers, impartial.Identifier{Scheme: "registration", Value: reg})
		}
	}
}
