package synth

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/impartial/impartial"
)

// holdingPlan is one holding on a covered person's disclosure.
type holdingPlan struct {
	from   int // person index: the covered person, or the spouse for the spouse's own account
	target ref
	whose  impartial.Whose
}

// profile is what makes a covered person worth screening: office and
// regime, past employer, household, holdings, campaign roles. It is a pure
// function of the seed and the person's index (see generator.profile), so
// that the entity record, the relationships and the matters planted with a
// conflict all agree without storing it.
type profile struct {
	regime     impartial.Regime
	title      string
	office     ref
	start, end impartial.Date

	prior                ref
	priorRole            string
	priorStart, priorEnd impartial.Date

	spouse     int // person index, -1 for none
	children   [2]int
	childRoles [2]string
	nChildren  int

	holdings  [12]holdingPlan
	nHoldings int

	campaign int // campaign index, -1 for none
	roles    [2]string
	nRoles   int

	org int // organisation the person is a member of, -1 for none
}

// profile fills p for covered person i and returns the stream it drew from,
// positioned for the relationship details (dates, amounts) drawn after it.
func (g *generator) profile(i int, p *profile) *rand.Rand {
	r := g.stream(g.prof, tagProfile, i)
	lay := &g.lay
	*p = profile{spouse: -1, campaign: -1, org: -1}
	switch n := r.IntN(100); {
	case n < 25:
		p.regime = impartial.DOJ
		p.office = ref{kBody, g.bodyOfCat(r, catDOJ)}
		p.title = dojTitles[skewed(r, len(dojTitles))]
	case n < 65:
		p.regime = impartial.Executive
		p.office = ref{kBody, g.bodyOfCat(r, catExec)}
		p.title = executiveTitles[skewed(r, len(executiveTitles))]
	case n < 75:
		p.regime = impartial.Judiciary
		p.office = ref{kBody, g.bodyOfCat(r, catCourt)}
		p.title = bodyAt(p.office.i).judge
		if p.title == "" {
			p.title = "Judge"
		}
	default:
		p.regime = impartial.LawFirm
		p.office = ref{kOrg, g.lawFirm(r)}
		p.title = lawFirmTitles[skewed(r, len(lawFirmTitles))]
	}
	p.start = dateIn(r, 1995, 2023, 80, 15)
	if r.IntN(100) < 12 {
		p.end = endAfter(r, p.start, 8)
	}
	sy := yearOf(p.start)
	if r.IntN(10) < 6 {
		p.prior, p.priorRole = ref{kCompany, r.IntN(lay.n[kCompany])}, pick(r, jobTitles)
	} else {
		p.prior, p.priorRole = ref{kOrg, g.lawFirm(r)}, pick(r, lawFirmTitles[:4])
	}
	p.priorStart = dateIn(r, sy-15, sy-1, 60, 30)
	p.priorEnd = dateIn(r, yearOf(p.priorStart)+1, sy, 50, 30)
	if g.hasSpouse(i) {
		p.spouse = lay.covered + i
	}
	p.nChildren = g.childCount(i)
	for k := range p.nChildren {
		p.children[k] = 2*lay.covered + 2*i + k
		p.childRoles[k] = "minor_child"
		if r.IntN(3) == 0 {
			p.childRoles[k] = "child"
		}
	}
	add := func(from int, whose impartial.Whose) {
		if p.nHoldings == len(p.holdings) {
			return
		}
		t := ref{kCompany, r.IntN(lay.n[kCompany])}
		if r.IntN(10) < 3 {
			t = ref{kFund, r.IntN(lay.n[kFund])}
		}
		p.holdings[p.nHoldings] = holdingPlan{from: from, target: t, whose: whose}
		p.nHoldings++
	}
	for range 2 + r.IntN(7) {
		add(i, impartial.Self)
	}
	if p.spouse >= 0 {
		for range r.IntN(5) {
			if r.IntN(10) < 3 {
				add(p.spouse, impartial.Self) // on the spouse's own account
			} else {
				add(i, impartial.Spouse)
			}
		}
	}
	if p.nChildren > 0 && p.childRoles[0] == "minor_child" && r.IntN(2) == 0 {
		add(i, impartial.MinorChild)
	}
	if r.IntN(100) < 12 {
		p.campaign = r.IntN(lay.n[kCampaign])
		p.roles[0] = campaignRoles[skewed(r, len(campaignRoles))]
		p.nRoles = 1
		if r.IntN(3) == 0 {
			if second := campaignRoles[r.IntN(3)]; second != p.roles[0] {
				p.roles[1] = second
				p.nRoles = 2
			}
		}
	}
	if r.IntN(2) == 0 {
		p.org = g.orgOf(r, orgProfessional)
	}
	return r
}

// errFull stops the relationship phases once the configured number is
// reached.
var errFull = errors.New("relationships complete")

// putRel numbers and emits a relationship, or returns errFull when the
// configured number has been emitted.
func (g *generator) putRel(rec *impartial.Relationship) error {
	if g.relN >= g.cfg.Relationships {
		return errFull
	}
	rec.ID = g.id("r", g.relN, g.relWidth)
	g.relN++
	if rec.Status == "" {
		rec.Status = impartial.Reported
	}
	rec.Source = Source
	return g.put(rec)
}

func (g *generator) rel(from, to ref, t impartial.RelType, role string) *impartial.Relationship {
	return &impartial.Relationship{From: g.eid(from), To: g.eid(to), Type: t, Role: role}
}

func drawStatus(r *rand.Rand) impartial.Status {
	switch n := r.IntN(100); {
	case n < 70:
		return impartial.Reported
	case n < 95:
		return impartial.Confirmed
	}
	return impartial.Disputed
}

// relationships emits exactly cfg.Relationships relationships: the covered
// persons' profiles first, then campaign candidacies, corporate ownership,
// fund portfolios and households, and fills the rest with employment,
// holdings, memberships and business ties among everyone. A small
// configuration gets a prefix of that order.
func (g *generator) relationships() error {
	for _, phase := range []func() error{g.profileRels, g.candidateRels, g.ownershipRels, g.fundRels, g.householdRels, g.fillRels} {
		if err := phase(); err != nil {
			if errors.Is(err, errFull) {
				return nil
			}
			return err
		}
	}
	return nil
}

func (g *generator) profileRels() error {
	var p profile
	for i := range g.lay.covered {
		r := g.profile(i, &p)
		me := ref{kPerson, i}
		t := impartial.Position
		if p.office.k == kOrg {
			t = impartial.Employment
		}
		rec := g.rel(me, p.office, t, p.title)
		rec.Span = impartial.Span{Start: p.start, End: p.end}
		rec.Status = impartial.Confirmed
		if err := g.putRel(rec); err != nil {
			return err
		}
		rec = g.rel(me, p.prior, impartial.Employment, p.priorRole)
		rec.Span = impartial.Span{Start: p.priorStart, End: p.priorEnd}
		if err := g.putRel(rec); err != nil {
			return err
		}
		if p.spouse >= 0 {
			rec = g.rel(me, ref{kPerson, p.spouse}, impartial.Family, "spouse")
			rec.Start = dateIn(r, 1975, 2022, 60, 10)
			rec.Status = impartial.Confirmed
			if err := g.putRel(rec); err != nil {
				return err
			}
		}
		for k := range p.nChildren {
			rec = g.rel(me, ref{kPerson, p.children[k]}, impartial.Family, p.childRoles[k])
			rec.Status = impartial.Confirmed
			if err := g.putRel(rec); err != nil {
				return err
			}
		}
		for _, h := range p.holdings[:p.nHoldings] {
			rec = g.rel(ref{kPerson, h.from}, h.target, impartial.Holding, "")
			rec.Whose = h.whose
			rec.Amount = amount(r)
			rec.Start = dateIn(r, 1995, 2023, 50, 30)
			if r.IntN(10) == 0 {
				rec.End = endAfter(r, rec.Start, 6)
			}
			rec.Detail = "disclosure form"
			rec.Status = drawStatus(r)
			if err := g.putRel(rec); err != nil {
				return err
			}
		}
		if p.campaign >= 0 {
			c := g.campaign(p.campaign)
			for _, role := range p.roles[:p.nRoles] {
				rec = g.rel(me, ref{kCampaign, p.campaign}, impartial.Campaign, role)
				y := c.year - r.IntN(2)
				m := 1 + r.IntN(12)
				if y == c.year {
					m = 1 + r.IntN(10)
				}
				rec.Start = impartial.Month(y, time.Month(m))
				if r.IntN(10) < 7 {
					rec.End = electionDay(c.year)
				}
				rec.Status = drawStatus(r)
				if err := g.putRel(rec); err != nil {
					return err
				}
			}
		}
		if p.org >= 0 {
			rec = g.rel(me, ref{kOrg, p.org}, impartial.Membership, "member")
			rec.Start = dateIn(r, 1990, 2023, 0, 0)
			if err := g.putRel(rec); err != nil {
				return err
			}
		}
	}
	return nil
}

// candidateRels links each campaign organisation to its candidate.
func (g *generator) candidateRels() error {
	for k := range g.lay.n[kCampaign] {
		c := g.campaign(k)
		rec := g.rel(ref{kPerson, c.candidate}, ref{kCampaign, k}, impartial.Candidate, "candidate")
		rec.Start = impartial.Month(c.year-1, time.Month(1+int(g.hash(tagCampaign, k)>>20%12)))
		rec.End = electionDay(c.year)
		rec.Status = impartial.Confirmed
		if err := g.putRel(rec); err != nil {
			return err
		}
	}
	return nil
}

// ownershipRels links each subsidiary to its parent, with the share held.
func (g *generator) ownershipRels() error {
	r := g.stream(g.seq, tagPhaseRel, 1)
	for c := range g.lay.n[kCompany] {
		p := g.parentOf(c)
		if p < 0 {
			continue
		}
		rec := g.rel(ref{kCompany, p}, ref{kCompany, c}, impartial.Ownership, "subsidiary")
		switch n := r.IntN(10); {
		case n < 6:
			rec.Percent = percent(100)
			rec.Detail = "wholly owned subsidiary"
		case n < 9:
			rec.Percent = percent(float64(5100+r.IntN(4890)) / 100)
		default:
			rec.Percent = percent(float64(2000+r.IntN(3000)) / 100)
		}
		rec.Start = dateIn(r, firstYear, lastYear, 20, 30)
		rec.Status = impartial.Confirmed
		if err := g.putRel(rec); err != nil {
			return err
		}
	}
	return nil
}

// fundRels gives every fund a portfolio of 20 to 60 companies, mostly
// publicly traded ones: the holdings a diversified-fund exemption is about.
func (g *generator) fundRels() error {
	r := g.stream(g.seq, tagFundHoldings, 0)
	nc := g.lay.n[kCompany]
	for f := range g.lay.n[kFund] {
		for range 20 + r.IntN(41) {
			c := r.IntN(nc)
			for try := 0; try < 6 && !g.traded(c); try++ {
				c = r.IntN(nc)
			}
			rec := g.rel(ref{kFund, f}, ref{kCompany, c}, impartial.Holding, "")
			rec.Whose = impartial.Self
			rec.Percent = percent(float64(1+r.IntN(300)) / 100)
			rec.Start = dateIn(r, 2010, lastYear, 0, 100)
			if err := g.putRel(rec); err != nil {
				return err
			}
		}
	}
	return nil
}

// householdRels marries the pairs of ordinary persons the layout puts
// together (whose names already agree, see generator.person).
func (g *generator) householdRels() error {
	r := g.stream(g.seq, tagPhaseRel, 2)
	for j := g.lay.ordinary; j+1 < g.lay.n[kPerson]; j += 10 {
		rec := g.rel(ref{kPerson, j}, ref{kPerson, j + 1}, impartial.Family, "spouse")
		rec.Start = dateIn(r, 1970, lastYear, 40, 10)
		if err := g.putRel(rec); err != nil {
			return err
		}
	}
	return nil
}

func (g *generator) anyPerson(r *rand.Rand) ref { return ref{kPerson, r.IntN(g.lay.n[kPerson])} }

func (g *generator) anyCompany(r *rand.Rand) ref { return ref{kCompany, r.IntN(g.lay.n[kCompany])} }

// fillRels emits the remaining relationships among everyone.
func (g *generator) fillRels() error {
	r := g.stream(g.seq, tagPhaseRel, 3)
	for {
		var rec *impartial.Relationship
		switch n := r.IntN(100); {
		case n < 28:
			if r.IntN(10) < 7 {
				rec = g.rel(g.anyPerson(r), g.anyCompany(r), impartial.Employment, pick(r, jobTitles))
			} else {
				o := r.IntN(g.lay.n[kOrg])
				role := pick(r, jobTitles)
				if isLawFirm(o) {
					role = pick(r, lawFirmTitles)
				}
				rec = g.rel(g.anyPerson(r), ref{kOrg, o}, impartial.Employment, role)
			}
		case n < 58:
			to := g.anyCompany(r)
			if r.IntN(5) == 0 {
				to = ref{kFund, r.IntN(g.lay.n[kFund])}
			}
			rec = g.rel(g.anyPerson(r), to, impartial.Holding, "")
			switch w := r.IntN(100); {
			case w < 85:
				rec.Whose = impartial.Self
			case w < 95:
				rec.Whose = impartial.Spouse
			default:
				rec.Whose = impartial.MinorChild
			}
			rec.Amount = amount(r)
		case n < 66:
			if r.IntN(2) == 0 {
				b := r.IntN(g.lay.n[kBody])
				rec = g.rel(g.anyPerson(r), ref{kBody, b}, impartial.Position, pick(r, bodyTitles[bodyAt(b).cat]))
			} else {
				rec = g.rel(g.anyPerson(r), g.anyCompany(r), impartial.Position, pick(r, []string{"director", "board member", "chairman of the board"}))
			}
		case n < 76:
			rec = g.rel(g.anyPerson(r), ref{kOrg, r.IntN(g.lay.n[kOrg])}, impartial.Membership,
				pick(r, []string{"member", "member", "board member", "trustee"}))
		case n < 84:
			a, b := g.anyCompany(r), g.anyCompany(r)
			if a == b {
				continue
			}
			rec = g.rel(a, b, impartial.Business, "")
			rec.Detail = pick(r, businessDetails)
			if r.IntN(10) < 3 {
				rec.Amount = amount(r)
			}
		case n < 89:
			rec = g.rel(g.anyCompany(r), ref{kOrg, g.lawFirm(r)}, impartial.Client, "client")
		case n < 92:
			rec = g.rel(ref{kOrg, g.lawFirm(r)}, g.anyCompany(r), impartial.Representation, "counsel")
		case n < 98:
			a, b := g.anyPerson(r), g.anyPerson(r)
			if a == b {
				continue
			}
			rec = g.rel(a, b, impartial.Family, pick(r, []string{"sibling", "parent", "relative", "child", "grandparent"}))
		default:
			a, b := g.anyCompany(r), g.anyCompany(r)
			if a == b {
				continue
			}
			rec = g.rel(a, b, impartial.Ownership, "minority stake")
			rec.Percent = percent(float64(100+r.IntN(2900)) / 100)
		}
		rec.Start = dateIn(r, firstYear, lastYear, 50, 30)
		if r.IntN(10) < 4 {
			rec.End = endAfter(r, rec.Start, 10)
		}
		rec.Status = drawStatus(r)
		if err := g.putRel(rec); err != nil {
			return err
		}
	}
}

var capacityWeights = []struct {
	c impartial.Capacity
	w int
}{
	{impartial.Official, 45}, {impartial.CampaignRole, 15}, {impartial.Personal, 15},
	{impartial.BusinessRole, 12}, {impartial.DisputedRole, 6}, {impartial.UnknownRole, 7},
}

// contacts emits meetings and calls of covered persons with others: foreign
// officials and governments, companies, organisations, other people.
func (g *generator) contacts() error {
	r := g.stream(g.seq, tagPhaseContact, 0)
	lay := &g.lay
	for k := range g.cfg.Contacts {
		a := g.anyPerson(r)
		if lay.covered > 0 {
			a = ref{kPerson, r.IntN(lay.covered)}
		}
		var b ref
		switch n := r.IntN(100); {
		case n < 55:
			b = g.anyPerson(r)
			if b == a {
				b.i = (b.i + 1) % lay.n[kPerson]
			}
		case n < 70:
			b = ref{kGov, r.IntN(lay.n[kGov])}
		case n < 80:
			b = ref{kBody, r.IntN(lay.n[kBody])}
		case n < 90:
			b = g.anyCompany(r)
		default:
			b = ref{kOrg, r.IntN(lay.n[kOrg])}
		}
		rec := &impartial.Contact{
			ID:           g.id("ct", k, g.contactWidth),
			Participants: []string{g.eid(a), g.eid(b)},
			Date:         dateIn(r, 2005, lastYear, 75, 18),
			Place:        pick(r, contactPlaces),
			Context:      pick(r, contactContexts),
			Source:       Source,
		}
		if r.IntN(100) < 12 {
			if c := g.anyPerson(r); c != a && c != b {
				rec.Participants = append(rec.Participants, g.eid(c))
			}
		}
		n := r.IntN(100)
		for _, cw := range capacityWeights {
			if n < cw.w {
				rec.Capacity = cw.c
				break
			}
			n -= cw.w
		}
		if rec.Capacity == impartial.DisputedRole {
			rec.CapacityDetail = pick(r, contactCapacityDetails)
		}
		switch n := r.IntN(100); {
		case n < 35:
			rec.ReportedBy = rec.Participants[0]
		case n < 60:
			rec.ReportedBy = g.eid(ref{kOrg, g.orgOf(r, orgNews)})
		}
		if rec.ReportedBy != "" {
			rec.ReportedOn = impartial.DateOf(rec.Date.Last().AddDate(0, 0, r.IntN(900)))
		}
		switch n := r.IntN(100); {
		case n < 55:
			rec.Status = impartial.Reported
		case n < 90:
			rec.Status = impartial.Confirmed
			if r.IntN(3) == 0 {
				rec.StatusDetail = "confirmed by the participants"
			}
		default:
			rec.Status = impartial.Disputed
			rec.StatusDetail = "participant denies the meeting took place"
		}
		if err := g.put(rec); err != nil {
			return err
		}
	}
	return nil
}

var matterKindWeights = []struct {
	k impartial.MatterKind
	w int
}{
	{impartial.CriminalInvestigation, 20}, {impartial.Prosecution, 8}, {impartial.CivilInvestigation, 10},
	{impartial.CivilCase, 22}, {impartial.CriminalCase, 8}, {impartial.Proceeding, 12},
	{impartial.Engagement, 15}, {impartial.Rulemaking, 3}, {impartial.Legislation, 1}, {impartial.GeneralPolicy, 1},
}

// partyRoles are the roles of a matter's parties by matter kind: the first
// for the first party, a draw from the rest for the others.
var partyRoles = map[impartial.MatterKind][]impartial.PartyRole{
	impartial.CriminalInvestigation: {impartial.Subject, impartial.Subject, impartial.Target, impartial.DirectlyAffected, impartial.Victim, impartial.Counsel},
	impartial.CivilInvestigation:    {impartial.Subject, impartial.Subject, impartial.DirectlyAffected, impartial.Victim, impartial.Counsel},
	impartial.Prosecution:           {impartial.Party, impartial.Party, impartial.Victim, impartial.Counsel},
	impartial.CriminalCase:          {impartial.Party, impartial.Party, impartial.Victim, impartial.Counsel, impartial.Amicus},
	impartial.CivilCase:             {impartial.Party, impartial.Adverse, impartial.Party, impartial.Counsel, impartial.Amicus},
	impartial.Proceeding:            {impartial.Party, impartial.DirectlyAffected, impartial.Counsel},
	impartial.Engagement:            {impartial.ClientRole, impartial.Adverse, impartial.DirectlyAffected, impartial.Counsel},
	impartial.Rulemaking:            {impartial.DirectlyAffected, impartial.DirectlyAffected, impartial.Amicus},
	impartial.Legislation:           {impartial.DirectlyAffected, impartial.DirectlyAffected, impartial.Amicus},
	impartial.GeneralPolicy:         {impartial.DirectlyAffected, impartial.DirectlyAffected, impartial.Amicus},
}

// matters emits matters with parties, topics and teams. A few have a party
// planted from a team member's own holdings or campaign (directly or through
// a subsidiary), so that screening benchmarks have conflicts to find, and a
// few name a party only by a variant of its name.
func (g *generator) matters() error {
	r := g.stream(g.seq, tagPhaseMatter, 0)
	lay := &g.lay
	var p profile
	var teamBuf []int
	var partyBuf []ref
	for m := range g.cfg.Matters {
		n := r.IntN(100)
		kind := matterKindWeights[0].k
		for _, kw := range matterKindWeights {
			if n < kw.w {
				kind = kw.k
				break
			}
			n -= kw.w
		}
		rec := &impartial.Matter{
			ID:     g.id("m", m, g.matterWidth),
			Kind:   kind,
			Opened: dateIn(r, 2000, lastYear, 90, 10),
			Source: Source,
		}
		if r.IntN(100) < g.cfg.ClosedPercent {
			rec.Closed = endAfter(r, rec.Opened, 6)
		}
		investigation := kind == impartial.CriminalInvestigation || kind == impartial.CivilInvestigation
		rec.Confidential = r.IntN(100) < 5 || investigation && r.IntN(100) < 60
		for range 1 + r.IntN(3) {
			t := topics[skewed(r, len(topics))]
			if !slices.Contains(rec.Topics, t) {
				rec.Topics = append(rec.Topics, t)
			}
		}
		team := teamBuf[:0]
		if lay.covered > 0 && g.cfg.TeamPerMatter > 0 {
			for range 1 + r.IntN(2*g.cfg.TeamPerMatter-1) {
				if i := r.IntN(lay.covered); !slices.Contains(team, i) {
					team = append(team, i)
					rec.Team = append(rec.Team, g.eid(ref{kPerson, i}))
				}
			}
		}
		teamBuf = team
		roles := partyRoles[kind]
		parties := partyBuf[:0]
		addParty := func(e ref, role impartial.PartyRole, nameOnly bool) {
			if slices.Contains(parties, e) {
				return
			}
			pt := impartial.MatterParty{Role: role}
			if nameOnly {
				pt.Name = g.nameVariant(e, r)
				for _, q := range rec.Parties {
					if q.Entity == "" && q.Role == role && strings.EqualFold(q.Name, pt.Name) {
						return
					}
				}
			} else {
				pt.Entity = g.eid(e)
			}
			parties = append(parties, e)
			rec.Parties = append(rec.Parties, pt)
		}
		count := 1 + r.IntN(2*g.cfg.PartiesPerMatter-1)
		if len(team) > 0 && r.IntN(100) < 6 {
			// A conflict to find: a team member's campaign or holding, or a
			// subsidiary of the company held.
			g.profile(team[0], &p)
			switch {
			case p.campaign >= 0 && r.IntN(3) == 0:
				addParty(ref{kCampaign, p.campaign}, impartial.DirectlyAffected, false)
			case p.nHoldings > 0:
				h := p.holdings[r.IntN(p.nHoldings)].target
				if h.k == kCompany && r.IntN(2) == 0 {
					h.i = g.descendant(h.i, r)
				}
				addParty(h, roles[0], r.IntN(5) == 0)
			}
		}
		for k := len(rec.Parties); k < count; k++ {
			role := roles[0]
			if k > 0 {
				role = roles[1+r.IntN(len(roles)-1)]
			}
			var e ref
			switch {
			case role == impartial.Counsel:
				e = ref{kOrg, g.lawFirm(r)}
			case role == impartial.Amicus:
				e = ref{kOrg, r.IntN(lay.n[kOrg])}
			default:
				switch n := r.IntN(100); {
				case n < 55:
					e = g.anyCompany(r)
				case n < 85:
					e = g.anyPerson(r)
				case n < 90:
					e = ref{kOrg, r.IntN(lay.n[kOrg])}
				case n < 95:
					e = ref{kGov, r.IntN(lay.n[kGov])}
				case n < 97:
					e = ref{kFund, r.IntN(lay.n[kFund])}
				default:
					e = ref{kCampaign, r.IntN(lay.n[kCampaign])}
				}
			}
			addParty(e, role, r.IntN(100) < 4)
		}
		partyBuf = parties
		rec.Title = g.matterTitle(rec, parties)
		if err := g.put(rec); err != nil {
			return err
		}
	}
	return nil
}

// descendant returns a company owned, directly or through others, by
// company c, or c itself when it owns none.
func (g *generator) descendant(c int, r *rand.Rand) int {
	block := c - c%8
	var found [8]int
	n := 0
	for s := c + 1; s < block+8 && s < g.lay.n[kCompany]; s++ {
		for a := g.parentOf(s); a >= 0; a = g.parentOf(a) {
			if a == c {
				found[n] = s
				n++
				break
			}
		}
	}
	if n == 0 {
		return c
	}
	return found[r.IntN(n)]
}

// nameVariant writes an entity's name the way an intake form might: an
// alias, the name in capitals, or with a typo.
func (g *generator) nameVariant(e ref, r *rand.Rand) string {
	name, aliases := g.entityNames(e)
	switch n := r.IntN(10); {
	case n < 5 && len(aliases) > 0:
		return pick(r, aliases)
	case n < 8:
		return strings.ToUpper(name)
	}
	b := []byte(name)
	for try := 0; try < 8; try++ {
		k := 1 + r.IntN(max(1, len(b)-2))
		if k+1 < len(b) && isLetter(b[k]) && isLetter(b[k+1]) && b[k] != b[k+1] {
			b[k], b[k+1] = b[k+1], b[k]
			return string(b)
		}
	}
	return strings.ToUpper(name)
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// matterTitle names a matter after its kind, first party and first topic,
// as dockets and case files do ("United States v. Meridian Energy Inc.").
func (g *generator) matterTitle(m *impartial.Matter, parties []ref) string {
	party := func(k int) string {
		if m.Parties[k].Name != "" {
			return m.Parties[k].Name
		}
		name, _ := g.entityNames(parties[k])
		return name
	}
	first, topic := party(0), m.Topics[0]
	switch m.Kind {
	case impartial.CriminalInvestigation:
		return "Investigation of " + first + " (" + topic + ")"
	case impartial.CivilInvestigation:
		return "Civil investigation of " + first + ": " + topic
	case impartial.Prosecution, impartial.CriminalCase:
		return "United States v. " + first
	case impartial.CivilCase:
		if len(m.Parties) > 1 && m.Parties[1].Role != impartial.Counsel && m.Parties[1].Role != impartial.Amicus {
			return first + " v. " + party(1)
		}
		return "In re " + first
	case impartial.Proceeding:
		return "In the Matter of " + first
	case impartial.Engagement:
		return first + ": " + topic + " engagement"
	case impartial.Legislation:
		return "Legislation on " + topic
	case impartial.GeneralPolicy:
		return "Policy on " + topic
	}
	return "Rulemaking on " + topic
}
