// Package reference is a deliberately simple evaluator of the rule
// semantics, against which the screening engine is checked on random graphs.
//
// It does what a rulebook says, literally and slowly: for every covered
// person and every path of every rule that screens them, it enumerates every
// chain of relationships from the person, hop by hop, up to the hop limits,
// testing each relationship against the hop's types, direction, roles,
// capacities, entity kinds, flags, shares and look-back as it goes; a chain
// that ends at a party of the matter is a path. It then applies, one after
// the other, whose interests count, disputed facts, name matches,
// exemptions, permissions and the rule's condition. It has no indexes, no
// pruning, no shared walks and no caches: each of those in the engine is an
// optimisation that must not change a single outcome, and this package is
// how that is checked (see the property test in package screen).
package reference

import (
	"fmt"
	"slices"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/rules"
)

// Facts are the records screening reads.
type Facts struct {
	Entities      []*impartial.Entity
	Relationships []*impartial.Relationship
	Contacts      []*impartial.Contact
	Matters       []*impartial.Matter
	Permissions   []*impartial.Permission
	// Events: trades and corporate actions, applied as of the date screened.
	Events []*impartial.Event
}

// Candidate is an entity a name may refer to, with its score.
type Candidate struct {
	Entity string
	Score  float64
}

// Key names a finding: a person, a matter and a rule.
type Key struct{ Person, Matter, Rule string }

// link is one relationship or contact between two entities, as recorded.
type link struct {
	id       string
	from, to string
	typ      string // a relationship type or rules.ContactType
	role     string
	capacity string
	span     impartial.Span
	status   impartial.Status
	whose    impartial.Whose
	amount   *impartial.Amount
	percent  *float64
	contact  bool
	date     impartial.Date // of a contact
}

// step is a link walked from one entity to the next.
type step struct {
	l    *link
	fwd  bool   // walked from l.from to l.to
	role string // the role as seen from the entity walked from
	hop  int
}

// Screen returns the outcome of every finding the rulebooks make for the
// matter as of asOf: what the engine's findings must be, rule by rule. names
// resolves parties known only by name (nil: none are resolved).
func Screen(f *Facts, set *rules.Set, names func(string) []Candidate, m *impartial.Matter, asOf impartial.Date) map[Key]impartial.Outcome {
	ents := map[string]*impartial.Entity{}
	for _, e := range f.Entities {
		ents[e.ID] = e
	}
	var links []*link
	for _, r := range f.Relationships {
		links = append(links, asOfEvents(r, f.Events, asOf)...)
	}
	for _, ev := range f.Events {
		if ev.Kind == impartial.Acquisition && !asOf.Last().Before(ev.Date.First()) {
			// The acquirer owns the company acquired from the date, as any
			// ownership recorded then would, later events applying.
			pct := ev.AcquiredPercent()
			links = append(links, asOfEvents(&impartial.Relationship{ID: ev.ID, From: ev.Into, To: ev.Entity, Type: impartial.Ownership,
				Percent: &pct, Span: impartial.Span{Start: ev.Date}, Status: ev.Status}, f.Events, asOf)...)
		}
	}
	// A contact links each two of its participants.
	for _, c := range f.Contacts {
		for a := 0; a < len(c.Participants); a++ {
			for b := a + 1; b < len(c.Participants); b++ {
				links = append(links, &link{id: c.ID, from: c.Participants[a], to: c.Participants[b], typ: rules.ContactType,
					capacity: string(c.Capacity), span: impartial.Span{Start: c.Date, End: c.Date}, status: c.Status, contact: true, date: c.Date})
			}
		}
	}
	type party struct {
		entity    string
		role      impartial.PartyRole
		score     float64 // 1 for a party given by id
		byName    bool
		confirmed bool // by its identity evidence
	}
	var parties []party
	for _, p := range m.Parties {
		switch {
		case p.Entity != "":
			if ents[p.Entity] != nil {
				parties = append(parties, party{entity: p.Entity, role: p.Role, score: 1})
			}
		default:
			// Candidates: what the name and the native-script name match
			// (with a name matcher), and every entity carrying one of the
			// party's identifiers, at score 1; each entity once, at its best.
			var cands []Candidate
			addCand := func(c Candidate) {
				k := slices.IndexFunc(cands, func(o Candidate) bool { return o.Entity == c.Entity })
				switch {
				case k < 0:
					cands = append(cands, c)
				case c.Score > cands[k].Score:
					cands[k] = c
				}
			}
			if names != nil && p.Name != "" {
				for _, c := range names(p.Name) {
					addCand(c)
				}
				if p.Evidence != nil && p.Evidence.NativeName != "" {
					for _, c := range names(p.Evidence.NativeName) {
						addCand(c)
					}
				}
			}
			if p.Evidence != nil {
				for _, id := range p.Evidence.Identifiers {
					for _, e := range f.Entities {
						for _, eid := range e.Identifiers {
							if impartial.SameIdentifier(eid, id) {
								addCand(Candidate{Entity: e.ID, Score: 1})
							}
						}
					}
				}
			}
			for _, c := range cands {
				e := ents[c.Entity]
				if e == nil {
					continue
				}
				v := impartial.CompareIdentity(p.Evidence, e.Identifiers, e.BirthDates, e.Nationalities)
				if v.RuledOut {
					continue
				}
				parties = append(parties, party{entity: c.Entity, role: p.Role, score: c.Score, byName: true, confirmed: v.Confirmed})
			}
		}
	}
	out := map[Key]impartial.Outcome{}
	for _, person := range f.Entities {
		cov := person.Coverage
		if cov == nil || !cov.Active(asOf) {
			continue
		}
		book := set.For(cov.Regime)
		if book == nil {
			continue
		}
		reached := within(book, cov, m)
		for _, r := range book.Rules {
			if !r.Applies(cov.Regime) || !r.CoversMatter(m.Kind) {
				continue
			}
			var found []*path
			if !r.PledgeApplies(cov, asOf) {
				continue
			}
			// A rule that binds while serving in the matter (1.12(b)): the
			// person must be its participant in such a capacity on asOf, and
			// one not recorded as substantial gets review at most.
			var serving *impartial.Participant
			if len(r.Serving) > 0 {
				for i := range m.Participants {
					pp := &m.Participants[i]
					if pp.Person == person.ID && slices.Contains(r.Serving, pp.Capacity) && (impartial.Span{Start: pp.Start, End: pp.End}).Active(asOf) {
						if serving == nil || pp.Substantial {
							serving = pp
						}
					}
				}
				// Serving reaches the matter served in, of a kind the
				// regime reaches, whatever its forum.
				if serving == nil || !kindWithin(book, cov, m) {
					continue
				}
			} else if !reached {
				continue
			}
			for _, pat := range r.AllPaths() {
				if !pat.CoversMatter(m.Kind) {
					continue
				}
				for _, chain := range chains(pat, person.ID, ents, links, asOf) {
					end := person.ID
					if len(chain) > 0 {
						end = other(chain[len(chain)-1])
					}
					if r.PledgeYears > 0 && len(chain) > 0 && !r.PledgeTie(chain[0].l.span, cov.Pledge) {
						continue
					}
					for _, pt := range parties {
						if pt.entity != end || !r.CoversRole(pt.role) || !pat.CoversRole(pt.role) || (pt.byName && pt.score < book.NameMatch.MinScore) {
							continue
						}
						found = append(found, judge(r, book, pat, chain, pt.role, pt.byName && !pt.confirmed, pt.score, ents[pt.entity].Kind))
					}
				}
			}
			found = append(found, participations(r, person.ID, m, f.Matters, links, ents, asOf)...)
			var kept []*path
			for _, p := range found {
				if len(r.Whose) == 0 || slices.Contains(r.Whose, p.whose) {
					kept = append(kept, p)
				}
			}
			if len(kept) == 0 {
				continue
			}
			if serving != nil && !serving.Substantial {
				for _, p := range kept {
					if p.outcome.Severity() > impartial.OutcomeReview.Severity() {
						p.outcome = impartial.OutcomeReview
					}
				}
			}
			exempt(r, kept, ents, m.Kind)
			permit(r, kept, person.ID, m.ID, f.Permissions, ents, asOf)
			if r.HasCondition() {
				ok, err := r.Eval(conditionVars(person, m, kept, asOf))
				if err == nil && !ok {
					continue
				}
			}
			o := impartial.OutcomeClear
			for _, p := range kept {
				o = impartial.Stricter(o, p.outcome)
			}
			out[Key{person.ID, m.ID, r.ID}] = o
		}
	}
	return out
}

// within reports whether the matter is within the reach of the person's
// regime: of a kind it reaches and, where both the person's forum and the
// matter's are recorded, of that forum (or, where the regime says so, with
// the forum taking part).
func within(book *rules.Rulebook, cov *impartial.Coverage, m *impartial.Matter) bool {
	for _, rc := range book.Reach {
		if !slices.Contains(rc.Regimes, cov.Regime) {
			continue
		}
		if len(rc.MatterKinds) > 0 && !slices.Contains(rc.MatterKinds, m.Kind) {
			return false
		}
		if cov.Forum == "" {
			return true
		}
		forums := []string{}
		if m.Forum != "" {
			forums = append(forums, m.Forum)
		}
		takesPart := false
		for _, p := range m.Parties {
			if p.Role == impartial.Tribunal {
				forums = append(forums, p.Entity)
			} else if p.Entity == cov.Forum && rc.ForumAsParty {
				takesPart = true
			}
		}
		return len(forums) == 0 || slices.Contains(forums, cov.Forum) || takesPart
	}
	return true
}

// kindWithin reports whether the matter is of a kind the person's regime
// reaches.
func kindWithin(book *rules.Rulebook, cov *impartial.Coverage, m *impartial.Matter) bool {
	for _, rc := range book.Reach {
		if slices.Contains(rc.Regimes, cov.Regime) {
			return len(rc.MatterKinds) == 0 || slices.Contains(rc.MatterKinds, m.Kind)
		}
	}
	return true
}

func other(s step) string {
	if s.fwd {
		return s.l.to
	}
	return s.l.from
}

func here(s step) string {
	if s.fwd {
		return s.l.from
	}
	return s.l.to
}

// chains returns every chain of links from the person that the pattern's
// hops accept, visiting no entity twice.
func chains(pat *rules.Pattern, person string, ents map[string]*impartial.Entity, links []*link, asOf impartial.Date) [][]step {
	var out [][]step
	var cur []step
	seen := map[string]bool{person: true}
	// extend tries to continue at entity at, in hop hi with reps repetitions
	// so far and degree of kinship along them.
	var extend func(at string, hi, reps, degree int)
	extend = func(at string, hi, reps, degree int) {
		if hi == len(pat.Hops) {
			if atContactHolds(pat, cur, asOf) {
				out = append(out, slices.Clone(cur))
			}
			return
		}
		h := pat.Hops[hi]
		if reps >= h.MinReps() && (h.MaxDegree == 0 || degree <= h.MaxDegree) {
			extend(at, hi+1, 0, 0)
		}
		if reps >= h.MaxReps() {
			return
		}
		if e := ents[at]; e != nil && slices.ContainsFunc(h.NotFromFlags, e.HasFlag) {
			return // no interest passes out of this entity
		}
		for _, l := range links {
			for _, fwd := range []bool{true, false} {
				if (fwd && l.from != at) || (!fwd && l.to != at) {
					continue
				}
				next := l.to
				if !fwd {
					next = l.from
				}
				if seen[next] || ents[next] == nil || !h.KindMatches(ents[next].Kind) {
					continue
				}
				role, ok := accepts(h, l, fwd)
				if !ok || !h.RoleMatches(role) || !h.CapacityMatches(l.capacity) || !h.Window().Holds(l.span, asOf) {
					continue
				}
				if h.MinPercent > 0 && l.percent != nil && *l.percent < h.MinPercent {
					continue
				}
				d := degree
				if l.typ == string(impartial.Family) {
					d += kinship(role)
					if h.MaxDegree > 0 && d > h.MaxDegree {
						continue
					}
				}
				seen[next] = true
				cur = append(cur, step{l: l, fwd: fwd, role: role, hop: hi})
				extend(next, hi, reps+1, d)
				cur = cur[:len(cur)-1]
				seen[next] = false
			}
		}
	}
	extend(person, 0, 0, 0)
	return out
}

// accepts reports whether the hop takes the link walked in that direction,
// and with which role: family, household and contact links read both ways,
// a family role turned round when walked against its recording; a client
// relationship is a representation read the other way.
func accepts(h *rules.Hop, l *link, fwd bool) (string, bool) {
	dirOK := func(f bool) bool {
		switch h.Dir {
		case "both":
			return true
		case "in":
			return !f
		}
		return f
	}
	role := rules.NormalizeRole(l.role)
	switch l.typ {
	case rules.ContactType, string(impartial.Household):
		return role, h.HasType(l.typ)
	case string(impartial.Family):
		if !fwd {
			role = turnRound(role)
		}
		return role, h.HasType(l.typ)
	case string(impartial.Client):
		return role, (h.HasType("client") && dirOK(fwd)) || (h.HasType("representation") && dirOK(!fwd))
	case string(impartial.Representation):
		return role, (h.HasType("representation") && dirOK(fwd)) || (h.HasType("client") && dirOK(!fwd))
	}
	return role, h.HasType(l.typ) && dirOK(fwd)
}

// turnRound says what the one is to the other when the other is its role.
func turnRound(role string) string {
	switch role {
	case "child", "minor child":
		return "parent"
	case "parent":
		return "child"
	case "grandparent":
		return "grandchild"
	case "grandchild":
		return "grandparent"
	case "aunt", "uncle":
		return "niece or nephew"
	case "niece", "nephew":
		return "aunt or uncle"
	case "great grandparent":
		return "great grandchild"
	case "great grandchild":
		return "great grandparent"
	}
	return role
}

// kinship is the civil-law degree of a family role; a spouse adds none, an
// unspecified relative counts as the third degree.
func kinship(role string) int {
	switch role {
	case "spouse", "domestic partner":
		return 0
	case "parent", "child", "minor child":
		return 1
	case "sibling", "grandparent", "grandchild":
		return 2
	case "first cousin":
		return 4
	}
	return 3
}

// atContactHolds checks the hops whose look-back is "at_contact": the link
// held on the date of the nearest contact before it on the chain, or on the
// as-of date if there is none.
func atContactHolds(pat *rules.Pattern, chain []step, asOf impartial.Date) bool {
	for i, s := range chain {
		if pat.Hops[s.hop].Window().Kind != rules.AtContact {
			continue
		}
		first, last := asOf.First(), asOf.Last()
		for j := i - 1; j >= 0; j-- {
			if chain[j].l.contact {
				first, last = chain[j].l.date.First(), chain[j].l.date.Last()
				break
			}
		}
		sp := s.l.span
		if (!sp.Start.IsZero() && sp.Start.First().After(last)) || (!sp.End.IsZero() && sp.End.Last().Before(first)) {
			return false
		}
	}
	return true
}

// path is a chain judged under a rule.
type path struct {
	chain     []step
	partyRole impartial.PartyRole
	whose     impartial.Whose
	outcome   impartial.Outcome
	score     float64
}

func judge(r *rules.Rule, book *rules.Rulebook, pat *rules.Pattern, chain []step, role impartial.PartyRole, byName bool, score float64, kind impartial.EntityKind) *path {
	p := &path{chain: chain, partyRole: role, outcome: pat.Outcome, score: score}
	if p.outcome == "" {
		p.outcome = r.Outcome
	}
	for _, s := range chain {
		if s.l.status == impartial.Disputed && p.outcome.Severity() > r.Disputed().Severity() {
			p.outcome = r.Disputed()
		}
	}
	if byName && (score < book.NameMatch.CertainScore || kind == impartial.Person) && p.outcome.Severity() > impartial.OutcomeReview.Severity() {
		p.outcome = impartial.OutcomeReview
	}
	p.whose = whose(chain)
	return p
}

// whose says whose interest a chain carries, from its first link.
func whose(chain []step) impartial.Whose {
	if len(chain) == 0 {
		return impartial.Self
	}
	s := chain[0]
	switch impartial.RelType(s.l.typ) {
	case impartial.Holding:
		if s.l.whose == "" {
			return impartial.Self
		}
		return s.l.whose
	case impartial.Family:
		switch s.role {
		case "spouse", "domestic partner":
			return impartial.Spouse
		case "minor child":
			return impartial.MinorChild
		}
		return "relative"
	case impartial.Household:
		return impartial.HouseholdMember
	case impartial.Position, impartial.Employment:
		if s.role == "prospective" {
			return impartial.ProspectiveEmployer
		}
		return impartial.OrganizationServed
	case impartial.Business:
		if s.role == "general partner" {
			return impartial.GeneralPartner
		}
	}
	return ""
}

// firstHolding returns the first holding on the chain, or nil.
func firstHolding(p *path) *link {
	for _, s := range p.chain {
		if s.l.typ == string(impartial.Holding) {
			return s.l
		}
	}
	return nil
}

// exempt applies the rule's exemptions in order: the eligible holdings,
// each counted once at its upper value, added up in all and per issuer.
func exempt(r *rules.Rule, paths []*path, ents map[string]*impartial.Entity, kind impartial.MatterKind) {
	for _, ex := range r.Exemptions {
		if !ex.CoversMatter(kind) {
			continue
		}
		var eligible []*path
		var holdings []*link
		for _, p := range paths {
			h := firstHolding(p)
			if p.outcome.Severity() <= impartial.OutcomePermitted.Severity() || h == nil {
				continue
			}
			if !slices.Contains(ex.PartyRoles, p.partyRole) || (len(ex.Whose) > 0 && !slices.Contains(ex.Whose, p.whose)) {
				continue
			}
			issuer := ents[h.to]
			if !allFlags(issuer, ex.IssuerFlags) || h.amount == nil {
				continue
			}
			eligible = append(eligible, p)
			if !slices.Contains(holdings, h) {
				holdings = append(holdings, h)
			}
		}
		if len(eligible) == 0 {
			continue
		}
		var total int64
		perIssuer := map[string]int64{}
		for _, h := range holdings {
			total += h.amount.Upper()
			perIssuer[h.to] += h.amount.Upper()
		}
		var most int64
		for _, v := range perIssuer {
			most = max(most, v)
		}
		if (ex.MaxAggregate == 0 || total <= ex.MaxAggregate) && (ex.MaxPerIssuer == 0 || most <= ex.MaxPerIssuer) {
			for _, p := range eligible {
				p.outcome = impartial.OutcomePermitted
			}
		}
	}
}

func allFlags(e *impartial.Entity, flags []impartial.Flag) bool {
	for _, f := range flags {
		if !e.HasFlag(f) {
			return false
		}
	}
	return true
}

// permit applies recorded permissions: an act of a kind the rule accepts,
// naming the person, the matter (or every matter) and the rule (or every
// rule), in force on asOf. A screen never lifts the person's own conflict;
// it lifts one imputed from a colleague on the path whom it names.
func permit(r *rules.Rule, paths []*path, person, matter string, perms []*impartial.Permission, ents map[string]*impartial.Entity, asOf impartial.Date) {
	for _, p := range paths {
		if p.outcome.Severity() <= impartial.OutcomePermitted.Severity() {
			continue
		}
		colleagues := map[string]bool{}
		for _, s := range p.chain {
			for _, id := range []string{s.l.from, s.l.to} {
				if id != person && ents[id] != nil && ents[id].Kind == impartial.Person {
					colleagues[id] = true
				}
			}
		}
		for _, perm := range perms {
			if !r.PermittedByKind(perm.Kind) {
				continue
			}
			own := perm.Person == person && perm.Kind != impartial.Screen
			imputed := colleagues[perm.Person] && perm.Kind == impartial.Screen
			if (own || imputed) && perm.Covers(perm.Person, matter, r.ID, asOf) {
				p.outcome = impartial.OutcomePermitted
				break
			}
		}
	}
}

// conditionVars gives a rule's condition the facts it reads.
func conditionVars(person *impartial.Entity, m *impartial.Matter, paths []*path, asOf impartial.Date) map[string]any {
	topics := []any{}
	for _, t := range m.Topics {
		topics = append(topics, t)
	}
	cov := person.Coverage
	vars := map[string]any{
		"person": map[string]any{"id": person.ID, "name": person.Name, "regime": string(cov.Regime), "position": cov.Position},
		"matter": map[string]any{"id": m.ID, "title": m.Title, "kind": string(m.Kind), "opened": m.Opened.String(), "topics": topics, "confidential": m.Confidential},
		"as_of":  asOf.String(),
	}
	pl, cl := []any{}, []any{}
	seen := map[string]bool{}
	for _, p := range paths {
		types, roles := []any{}, []any{}
		status, capacity, contact := "reported", "", ""
		for _, s := range p.chain {
			types = append(types, s.l.typ)
			roles = append(roles, s.role)
			if s.l.status == impartial.Disputed {
				status = "disputed"
			}
			if s.l.contact {
				if contact == "" {
					contact, capacity = s.l.id, s.l.capacity
				}
				if !seen[s.l.id] {
					seen[s.l.id] = true
					cl = append(cl, map[string]any{"id": s.l.id, "date": s.l.date.String(), "capacity": s.l.capacity,
						"status": string(s.l.status), "place": ""})
				}
			}
		}
		var amount int64
		if h := firstHolding(p); h != nil && h.amount != nil {
			amount = h.amount.Upper()
		}
		pl = append(pl, map[string]any{"outcome": string(p.outcome), "whose": string(p.whose), "party_role": string(p.partyRole),
			"capacity": capacity, "status": status, "amount": amount, "contact": contact, "hops": int64(len(p.chain)),
			"types": types, "roles": roles, "name_score": p.score})
	}
	vars["paths"], vars["contacts"] = pl, cl
	return vars
}

// String writes a key for messages.
func (k Key) String() string { return fmt.Sprintf("%s × %s × %s", k.Person, k.Matter, k.Rule) }

// participations returns the paths of the rule's participation clause for
// the person: the person, or a colleague at a firm they both serve (where
// the clause imputes), recorded as a participant of the matter or of one
// recorded as the same matter or substantially related to it.
func participations(r *rules.Rule, person string, m *impartial.Matter, matters []*impartial.Matter, links []*link, ents map[string]*impartial.Entity, asOf impartial.Date) []*path {
	c := r.Participation
	if c == nil {
		return nil
	}
	type rel struct {
		m   *impartial.Matter
		rel impartial.MatterRelation
	}
	related := []rel{{m, impartial.SameMatter}}
	note := func(o *impartial.Matter, r impartial.MatterRelation) {
		for i := range related {
			if related[i].m.ID == o.ID {
				if r == impartial.SameMatter {
					related[i].rel = r
				}
				return
			}
		}
		related = append(related, rel{o, r})
	}
	for _, o := range matters {
		if o.ID == m.ID {
			continue
		}
		for _, l := range m.Related {
			if l.Matter == o.ID {
				note(o, l.Relation)
			}
		}
		for _, l := range o.Related {
			if l.Matter == m.ID {
				note(o, l.Relation)
			}
		}
	}
	// serves: the links by which someone holds a current, not prospective,
	// employment or position at an organisation or company.
	// With the clause imputed while associated, the employment or position
	// must instead have held at some time during the participation.
	serves := func(who string, during *impartial.Span) []*link {
		var out []*link
		for _, l := range links {
			t := impartial.RelType(l.typ)
			if l.from != who || (t != impartial.Employment && t != impartial.Position) || rules.NormalizeRole(l.role) == "prospective" {
				continue
			}
			if during == nil && !l.span.Active(asOf) {
				continue
			}
			if during != nil && ((!l.span.End.IsZero() && !during.Start.IsZero() && l.span.End.Last().Before(during.Start.First())) ||
				(!during.End.IsZero() && !l.span.Start.IsZero() && during.End.Last().Before(l.span.Start.First()))) {
				continue
			}
			if k := ents[l.to].Kind; k == impartial.Organization || k == impartial.Company {
				out = append(out, l)
			}
		}
		return out
	}
	var out []*path
	for _, x := range related {
		if x.rel == impartial.SubstantiallyRelated && !c.SubstantiallyRelated {
			continue
		}
		for _, pp := range x.m.Participants {
			if !slices.Contains(c.Capacities, pp.Capacity) || (!pp.Start.IsZero() && asOf.Last().Before(pp.Start.First())) || ents[pp.Person] == nil {
				continue
			}
			if c.PartisanArbitrator && pp.Capacity == impartial.AsArbitrator && pp.OnBehalfOf != "" && slices.ContainsFunc(m.Parties, func(p impartial.MatterParty) bool {
				return p.Entity == pp.OnBehalfOf && p.Role == impartial.ClientRole
			}) {
				continue // a partisan arbitrator may represent the party that chose them (1.12(d))
			}
			if c.Former && x.m.ID == m.ID && (pp.End.IsZero() || !pp.End.Last().Before(asOf.First())) {
				continue // serving in the matter screened on the date: not a former participant (1.11(a), 1.12(a))
			}
			if len(c.PrincipalRoles) > 0 && !slices.ContainsFunc(m.Parties, func(p impartial.MatterParty) bool {
				return p.Entity != "" && p.Entity == pp.OnBehalfOf && slices.Contains(c.PrincipalRoles, p.Role)
			}) {
				continue
			}
			judgePart := func(chain []step) *path {
				p := &path{chain: chain, outcome: c.Outcome, whose: whose(chain), score: 1}
				disputed := pp.Status == impartial.Disputed
				for _, s := range chain {
					disputed = disputed || s.l.status == impartial.Disputed
				}
				if disputed && p.outcome.Severity() > r.Disputed().Severity() {
					p.outcome = r.Disputed()
				}
				if c.RequireSubstantial && !pp.Substantial && p.outcome.Severity() > impartial.OutcomeReview.Severity() {
					p.outcome = impartial.OutcomeReview
				}
				return p
			}
			if pp.Person == person {
				out = append(out, judgePart(nil))
			}
			if !c.ImputesCapacity(pp.Capacity) || pp.Person == person {
				continue
			}
			var during *impartial.Span
			if c.ImputedWhileAssociated {
				during = &impartial.Span{Start: pp.Start, End: pp.End}
				if pp.Start.IsZero() && pp.End.IsZero() {
					during = &impartial.Span{Start: x.m.Opened, End: x.m.Closed}
				}
			}
			for _, theirs := range serves(pp.Person, during) {
				for _, mine := range serves(person, during) {
					if mine.to == theirs.to {
						out = append(out, judgePart([]step{{l: mine, fwd: true, role: rules.NormalizeRole(mine.role)}, {l: theirs, fwd: false, role: rules.NormalizeRole(theirs.role)}}))
					}
				}
			}
		}
	}
	return out
}
