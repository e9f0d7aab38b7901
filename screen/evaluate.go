package screen

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/rules"
)

// result turns the collected paths into findings.
func (s *search) result(matters, persons []string) *Result {
	r := &Result{AsOf: s.win.asOf, Matters: matters, Persons: persons, Warnings: s.warn}
	found := make([]impartial.Finding, len(s.groups))
	n := 0
	for i := range s.groups {
		if s.evaluate(&s.groups[i], &found[n]) {
			n++
		}
	}
	found = found[:n]
	// Sort indexes rather than the findings themselves (large structs): the
	// same comparisons in the same algorithm give the same order.
	ix := s.ix[:0]
	for i := range found {
		ix = append(ix, int32(i))
	}
	slices.SortFunc(ix, func(i, j int32) int {
		a, b := &found[i], &found[j]
		return cmp.Or(cmp.Compare(a.Person, b.Person), cmp.Compare(a.Matter, b.Matter),
			cmp.Compare(b.Outcome.Severity(), a.Outcome.Severity()), cmp.Compare(a.Rule, b.Rule))
	})
	s.ix = ix
	// Put found[ix[k]] at k, in place, one cycle of the permutation at a time.
	for k := range ix {
		if ix[k] < 0 {
			continue
		}
		tmp := found[k]
		for j := int32(k); ; {
			src := ix[j]
			ix[j] = -1
			if src == int32(k) {
				found[j] = tmp
				break
			}
			found[j] = found[src]
			j = src
		}
	}
	if n > 0 {
		r.Findings = found
	}
	return r
}

// evalPath is a path being judged.
type evalPath struct {
	raw     rawPath
	path    impartial.Path // Steps are filled in only for the paths kept
	nsteps  int            // len(path.Steps) once filled in
	key     string         // pathKey, once computed
	hasKey  bool
	holding int32 // the first holding edge on the path, or -1
	contact int32 // the first contact edge, or -1
}

// evaluate applies a rule to the paths found for one person and matter:
// whose interest each is, disputed facts, name matches, exemptions,
// permissions and the rule's condition. It fills in f and reports whether
// anything is left.
func (s *search) evaluate(gr *group, f *impartial.Finding) bool {
	k := gr.key
	g, r, m := s.g, k.rule.r, k.matter
	person := k.person
	if cap(s.epStore) < gr.n {
		s.epStore = make([]evalPath, gr.n)
	}
	store := s.epStore[:gr.n]
	paths := s.epPtrs[:0]
	for i, ri := 0, gr.head; ri >= 0; i, ri = i+1, s.raws[ri].next {
		ep := &store[i]
		s.buildPath(ep, s.raws[ri])
		if len(r.Whose) > 0 && !r.CountsWhose(ep.path.Whose) {
			continue
		}
		paths = append(paths, ep)
	}
	s.epPtrs = paths
	if len(paths) == 0 {
		return false
	}
	if len(r.Serving) > 0 {
		s.servingSubstantial(r, person, m, paths)
	}
	s.applyExemptions(r, paths)
	used := s.applyPermissions(r, k, paths)

	*f = impartial.Finding{
		Person: g.nodeID(person), PersonName: g.nodeName(person), Matter: m.ID, MatterTitle: m.Title,
		Rule: r.ID, Citation: r.Citation, RuleTitle: r.Title,
		Rulebook: k.rule.book.ID, RulebookVersion: k.rule.book.Version,
		AsOf: s.win.asOf, Outcome: impartial.OutcomeClear, Waivable: r.Waivable, WaivableBy: r.WaivableBy,
	}
	for _, p := range paths {
		f.Outcome = impartial.Stricter(f.Outcome, p.path.Outcome)
	}
	if r.HasCondition() {
		ok, err := r.Eval(s.conditionVars(person, m, paths))
		switch {
		case err != nil:
			s.warn = append(s.warn, fmt.Sprintf("%s × %s: %v; the finding is kept", g.nodeID(person), m.ID, err))
		case !ok:
			return false
		}
	}
	if len(paths) > 1 {
		slices.SortStableFunc(paths, func(a, b *evalPath) int {
			return cmp.Or(cmp.Compare(b.path.Outcome.Severity(), a.path.Outcome.Severity()),
				cmp.Compare(a.nsteps, b.nsteps),
				cmp.Compare(s.pathKey(a), s.pathKey(b)))
		})
	}
	limit := s.en.MaxPaths
	if limit <= 0 {
		limit = 20
	}
	kept := min(limit, len(paths))
	f.Paths = make([]impartial.Path, kept)
	total := 0
	for _, p := range paths[:kept] {
		total += p.nsteps
	}
	steps := make([]impartial.Step, 0, total)
	for i, p := range paths[:kept] {
		lo := len(steps)
		steps = s.appendSteps(steps, p.raw)
		f.Paths[i] = p.path
		f.Paths[i].Steps = steps[lo:len(steps):len(steps)]
	}
	for _, p := range used {
		f.Permissions = append(f.Permissions, *p)
	}
	f.Reason = s.reason(f, r, paths, len(paths)-len(f.Paths)+gr.more)
	return true
}

// servingSubstantial lowers to review the paths of a rule that binds only
// while serving (ABA Model Rule 1.12(b)) when the person's participation
// is not recorded as personal and substantial.
func (s *search) servingSubstantial(r *rules.Rule, person int32, m *impartial.Matter, paths []*evalPath) {
	pp := r.ServingAs(s.g.nodeID(person), m, s.win.asOf)
	if pp == nil || pp.Substantial {
		return
	}
	for _, p := range paths {
		if p.path.Outcome.Severity() > impartial.OutcomeReview.Severity() {
			p.path.Outcome = impartial.OutcomeReview
			p.path.Notes = append(p.path.Notes, fmt.Sprintf("lowered to review: %s's service in %s as %s is not recorded as personal and substantial; judge whether it is",
				s.g.nodeName(person), matterWords(m), strings.ReplaceAll(string(pp.Capacity), "_", " ")))
		}
	}
}

// pathKey orders paths of the same outcome and length: the records of
// their steps, in order.
func (s *search) pathKey(p *evalPath) string {
	if p.hasKey {
		return p.key
	}
	var b strings.Builder
	for _, st := range p.raw.steps {
		b.WriteString(s.g.edgeID(&s.g.edges[st.e]))
		b.WriteByte(0)
	}
	if p.raw.party.match != nil {
		b.WriteString(s.currentMatter(p.raw).ID) // the name-match step
		b.WriteByte(0)
	}
	if pt := p.raw.part; pt != nil {
		b.WriteString(pt.in.ID + "\x00" + pt.p.Person + "\x00" + string(pt.p.Capacity))
		b.WriteByte(0)
	}
	b.WriteString(s.currentMatter(p.raw).ID) // the party step
	b.WriteByte(0)
	p.key, p.hasKey = b.String(), true
	return p.key
}

// buildPath judges a raw path: its own outcome before exemptions and
// permissions, with the notes that explain it. The steps are explained
// later, by appendSteps, for the paths a finding keeps.
func (s *search) buildPath(ep *evalPath, rp rawPath) {
	g, r := s.g, s.ruleOf(rp)
	*ep = evalPath{raw: rp, holding: -1, contact: -1, nsteps: len(rp.steps) + 1}
	p := &ep.path
	p.Basis = rp.pat.p.Basis
	p.Outcome = rp.pat.outcome
	for _, st := range rp.steps {
		e := &g.edges[st.e]
		switch {
		case e.typ == tHolding && ep.holding < 0:
			ep.holding = st.e
		case e.typ == tContact && ep.contact < 0:
			ep.contact = st.e
		}
		if statuses[e.status] == impartial.Disputed && p.Outcome.Severity() > r.Disputed().Severity() {
			p.Outcome = r.Disputed()
			p.Notes = append(p.Notes, fmt.Sprintf("lowered to %s: %s is disputed", r.Disputed(), s.edgeWords(e)))
		}
		if e.end != 0 && impartial.Precision(e.end&3) != impartial.DayPrecision && e.first <= s.win.last && dayOf(unpackDate(e.end).First()) <= s.win.last && e.last >= s.win.first {
			// The end is a month or a year that takes in the as-of date:
			// read as lasting to its last day, the conservative reading.
			p.Notes = append(p.Notes, fmt.Sprintf("%s ends in %s; treated as current on %s — record the exact date", s.edgeWords(e), unpackDate(e.end), s.win.asOf))
		}
		if e.typ == tOwnership && math.IsNaN(float64(e.percent)) && s.hopOf(rp, st).minPct > 0 {
			p.Notes = append(p.Notes, fmt.Sprintf("the share of %s is not recorded; control of the subsidiary is assumed", s.edgeWords(e)))
		}
	}
	if k := rp.pat.p.UnlistedHop(); k >= 0 {
		for _, st := range rp.steps {
			if int(st.hop) == k {
				role := g.strs[g.edges[st.e].role]
				if role == "" {
					role = "(none recorded)"
				} else {
					role = strconv.Quote(role)
				}
				p.Notes = append(p.Notes, fmt.Sprintf("the role %s in %s is not one %s lists (%s): judge whether the tie is of the kind the rule covers",
					role, s.edgeWords(&g.edges[st.e]), r.ID, strings.Join(rp.pat.p.Recognised(), ", ")))
				break
			}
		}
	}
	if pt := rp.part; pt != nil {
		ep.nsteps++
		if pt.in != rp.matter {
			ep.nsteps++
		}
		if pt.p.Status == impartial.Disputed && p.Outcome.Severity() > r.Disputed().Severity() {
			p.Outcome = r.Disputed()
			p.Notes = append(p.Notes, fmt.Sprintf("lowered to %s: %s's participation in %s is disputed", r.Disputed(), s.g.entityName(pt.p.Person), matterWords(pt.in)))
		}
		if c := r.Participation; c.RequireSubstantial && !pt.p.Substantial && p.Outcome.Severity() > impartial.OutcomeReview.Severity() {
			p.Outcome = impartial.OutcomeReview
			p.Notes = append(p.Notes, fmt.Sprintf("lowered to review: %s's participation in %s is not recorded as personal and substantial; judge whether it was", s.g.entityName(pt.p.Person), matterWords(pt.in)))
		}
	}
	p.Whose = s.whoseOf(rp)
	party := &g.nodes[rp.party.node]
	if c := rp.party.match; c != nil {
		ep.nsteps++
		certain := s.bookOf(rp).NameMatch.CertainScore
		switch {
		case rp.party.confirmed:
			p.Notes = append(p.Notes, fmt.Sprintf("the party %q is %s, not by name alone", rp.party.name, rp.party.identity))
		case rp.party.identity != "":
			p.Notes = append(p.Notes, fmt.Sprintf("the party %q: %s", rp.party.name, rp.party.identity))
		}
		if !rp.party.confirmed && (c.Score < certain || kinds[party.kind] == impartial.Person) && p.Outcome.Severity() > impartial.OutcomeReview.Severity() {
			p.Outcome = impartial.OutcomeReview
			why := fmt.Sprintf("the match scores %.2f, below %.2f", c.Score, certain)
			if kinds[party.kind] == impartial.Person {
				why = "a person matched by name alone"
			}
			p.Notes = append(p.Notes, fmt.Sprintf("lowered to review: the party %q is identified by name only (%s); confirm who it is", rp.party.name, why))
		}
	}
}

// edgeWords names a relationship or contact as a lawyer reads it, by the
// names of its ends, with the record's id for finding it: "Peter Harlow's
// holding in Ardent Paper Company (relationship brother-ardent)".
func (s *search) edgeWords(e *edge) string {
	g := s.g
	from, to := g.nodeName(e.from), g.nodeName(e.to)
	var link string // between the two names; one concatenation, one allocation
	switch e.typ {
	case tHolding:
		link = "'s holding in "
	case tOwnership:
		link = "'s ownership of "
	case tEmployment:
		link = "'s employment by "
	case tPosition:
		link = "'s position at "
	case tCampaign:
		link = "'s campaign tie to "
	case tRepresentation:
		link = "'s representation of "
	case tMembership:
		link = "'s membership of "
	case tContact:
		return "the contact between " + from + " and " + to + " (contact " + g.edgeID(e) + ")"
	default:
		return "the " + string(typeName(e.typ)) + " relationship between " + from + " and " + to + " (relationship " + g.edgeID(e) + ")"
	}
	return from + link + to + " (relationship " + g.edgeID(e) + ")"
}

// matterWords names a matter by its title, with its id.
func matterWords(m *impartial.Matter) string {
	if m.Title == "" {
		return "the matter " + m.ID
	}
	return fmt.Sprintf("%q (matter %s)", m.Title, m.ID)
}

// appendSteps explains the steps of a raw path: its edges, the name match
// of a party known by name, and the party's part in the matter.
// The room beyond len(out) must hold zero steps, as a new slice does.
func (s *search) appendSteps(out []impartial.Step, rp rawPath) []impartial.Step {
	g := s.g
	for _, st := range rp.steps {
		// Filled in place: a step is large, and copying one while the
		// collector runs costs a barrier per pointer.
		if len(out) < cap(out) {
			out = out[:len(out)+1] // zero: see above
		} else {
			out = append(out, impartial.Step{})
		}
		s.fillStep(&out[len(out)-1], st)
	}
	partyID, partyName := g.nodeID(rp.party.node), g.nodeName(rp.party.node)
	m := s.currentMatter(rp)
	if pt := rp.part; pt != nil {
		pp := pt.p
		start, end := pp.Start, pp.End
		if start.IsZero() && end.IsZero() { // the participation's own dates, else the matter's
			start, end = pt.in.Opened, pt.in.Closed
		}
		out = append(out, impartial.Step{Kind: impartial.StepParticipation, Record: pt.in.ID, From: partyID, FromName: partyName,
			To: pt.in.ID, ToName: pt.in.Title, Role: string(pp.Capacity), Start: start, End: end, Status: pp.Status,
			Source: orString(pp.Source, orString(pt.in.Source, "the matter record"))})
		if pt.in != m {
			out = append(out, impartial.Step{Kind: impartial.StepRelatedMatter, Record: pt.in.ID, From: pt.in.ID, FromName: pt.in.Title,
				To: m.ID, ToName: m.Title, Role: string(pt.rel), Start: m.Opened, Source: orString(pt.source, "the matter records")})
		}
		return out
	}
	if c := rp.party.match; c != nil {
		src, ident := "the matter's party list, matched by name", ""
		if c.ByIdentifier {
			src, ident = "the matter's party list, matched by identifier", c.Matched
		}
		out = append(out, impartial.Step{
			Kind: impartial.StepNameMatch, Record: m.ID, To: partyID, ToName: partyName,
			Start: m.Opened, Source: src,
			PartyRole: rp.party.role,
			Match:     &impartial.NameMatch{Query: rp.party.name, Matched: c.Matched, Score: c.Score, Explanation: c.Explanation, Identifier: ident},
		})
	}
	return append(out, impartial.Step{
		Kind: impartial.StepParty, Record: m.ID, From: partyID, FromName: partyName, To: m.ID, ToName: m.Title,
		PartyRole: rp.party.role, Start: m.Opened, End: m.Closed, Source: orString(m.Source, "the matter record"),
	})
}

func orString(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (s *search) ruleOf(rp rawPath) *rules.Rule { return rp.rule.r }

func (s *search) bookOf(rp rawPath) *rules.Rulebook { return rp.rule.book }

func (s *search) currentMatter(rp rawPath) *impartial.Matter { return rp.matter }

func (s *search) hopOf(rp rawPath, st pstep) *chop { return rp.pat.hops[st.hop] }

// fillStep explains one edge of a path in out, a zero step. A contact
// reads from the person's side; a relationship keeps the direction it was
// recorded in.
func (s *search) fillStep(out *impartial.Step, st pstep) {
	g := s.g
	e := &g.edges[st.e]
	fromID, fromName, toID, toName := g.nodeID(e.from), g.nodeName(e.from), g.nodeID(e.to), g.nodeName(e.to)
	out.Record, out.From, out.FromName, out.To, out.ToName = g.edgeID(e), fromID, fromName, toID, toName
	out.Status, out.Source = statuses[e.status], g.strs[e.source]
	if e.typ == tContact {
		c := g.contact(e.contact)
		if !st.fwd {
			out.From, out.FromName, out.To, out.ToName = toID, toName, fromID, fromName
		}
		out.Kind = impartial.StepContact
		out.Date = c.Date
		out.Place = c.Place
		out.Capacity = string(c.Capacity)
		if c.CapacityDetail != "" {
			out.Capacity += " (" + c.CapacityDetail + ")"
		}
		if c.ReportedBy != "" {
			out.ReportedBy = c.ReportedBy
			if ri, ok := g.lookupNode(c.ReportedBy); ok {
				out.ReportedBy = g.nodeName(ri)
			}
		}
		out.ReportedOn = c.ReportedOn
		return
	}
	out.Kind = impartial.StepRelationship
	out.Type = typeName(e.typ)
	out.Role = g.strs[e.role]
	out.Detail = g.strs[e.detail]
	out.Capacity = g.strs[e.capacity]
	out.Start, out.End = unpackDate(e.start), unpackDate(e.end)
	if e.typ == tHolding {
		out.Whose = whoses[e.whose]
	}
	out.Amount = g.amountOf(e)
	if !math.IsNaN(float64(e.percent)) {
		p := float64(e.percent)
		p = math.Round(p*1000) / 1000
		out.Percent = &p
	}
}

// whoseOf says whose interest a path carries, from its first step: a
// holding says so itself; a spouse's or minor child's holding is theirs; an
// organisation served and a prospective employer are imputed by 18 USC 208.
func (s *search) whoseOf(rp rawPath) impartial.Whose {
	if len(rp.steps) == 0 {
		return impartial.Self
	}
	st := rp.steps[0]
	e := &s.g.edges[st.e]
	role := s.g.stepRole(st)
	switch e.typ {
	case tHolding:
		return whoses[e.whose]
	case tFamily:
		switch role {
		case "spouse", "domestic partner":
			return impartial.Spouse
		case "minor child":
			return impartial.MinorChild
		}
		return "relative"
	case tHousehold:
		return impartial.HouseholdMember
	case tPosition, tEmployment:
		if role == "prospective" {
			return impartial.ProspectiveEmployer
		}
		return impartial.OrganizationServed
	case tBusiness:
		if role == "general partner" {
			return impartial.GeneralPartner
		}
	}
	return ""
}

type edgeAmount struct {
	e      int32
	amount int64
}

// applyExemptions marks as permitted the paths a regulatory exemption
// covers: holdings of publicly traded securities whose total stays within
// the de-minimis thresholds (5 CFR 2640.202).
func (s *search) applyExemptions(r *rules.Rule, paths []*evalPath) {
	g := s.g
	for _, ex := range r.Exemptions {
		if len(paths) == 0 || !ex.CoversMatter(paths[0].raw.matter.Kind) {
			continue
		}
		var eligible []*evalPath
		amounts := s.amounts[:0] // holding edge → upper value, each edge once
		var missing []string
		want := flagBits(ex.IssuerFlags)
		for _, p := range paths {
			if p.path.Outcome.Severity() <= impartial.OutcomePermitted.Severity() || p.holding < 0 {
				continue
			}
			if !slices.Contains(ex.PartyRoles, p.raw.party.role) || (len(ex.Whose) > 0 && !slices.Contains(ex.Whose, p.path.Whose)) {
				continue
			}
			e := &g.edges[p.holding]
			if g.nodes[e.to].flags&want != want {
				continue
			}
			if e.amount == 0 {
				missing = append(missing, g.edgeID(e))
				continue
			}
			eligible = append(eligible, p)
			if !slices.ContainsFunc(amounts, func(a edgeAmount) bool { return a.e == p.holding }) {
				amounts = append(amounts, edgeAmount{p.holding, g.amounts[e.amount-1].upper()})
			}
		}
		s.amounts = amounts
		if len(eligible) == 0 {
			for _, p := range paths {
				if len(missing) == 0 {
					break
				}
				if id := g.edgeID(&g.edges[max(p.holding, 0)]); p.holding >= 0 && slices.Contains(missing, id) {
					p.path.Notes = append(p.path.Notes, fmt.Sprintf("%s (%s) cannot be applied: the value of %s is not recorded", ex.Citation, ex.ID, s.edgeWords(&g.edges[p.holding])))
				}
			}
			continue
		}
		var total, maxIssuer int64
		for i, a := range amounts {
			total += a.amount
			// The issuer's total, once, at its first holding.
			issuer := g.edges[a.e].to
			if slices.ContainsFunc(amounts[:i], func(b edgeAmount) bool { return g.edges[b.e].to == issuer }) {
				continue
			}
			var sum int64
			for _, b := range amounts[i:] {
				if g.edges[b.e].to == issuer {
					sum += b.amount
				}
			}
			maxIssuer = max(maxIssuer, sum)
		}
		within := (ex.MaxAggregate == 0 || total <= ex.MaxAggregate) && (ex.MaxPerIssuer == 0 || maxIssuer <= ex.MaxPerIssuer)
		// One note for all the eligible paths, the same string for the same
		// totals across the screens that reuse the search.
		nk := noteKey{ex, total, maxIssuer}
		note, cached := s.notes[nk]
		b := textBuf{s.rbuf[:0]}
		switch {
		case cached:
		case within:
			b.WriteString("exempt under ")
			b.WriteString(ex.Citation)
			b.WriteString(": ")
			b.WriteString(ex.Text)
			b.WriteString(" — the holdings come to USD ")
			b.b = strconv.AppendInt(b.b, total, 10)
			b.WriteString(" in all")
		default:
			limit := ex.MaxAggregate
			if ex.MaxPerIssuer > 0 && maxIssuer > ex.MaxPerIssuer {
				limit = ex.MaxPerIssuer
			}
			b.WriteString("not exempt under ")
			b.WriteString(ex.Citation)
			b.WriteString(": the holdings come to USD ")
			b.b = strconv.AppendInt(b.b, total, 10)
			b.WriteString(" in all (USD ")
			b.b = strconv.AppendInt(b.b, maxIssuer, 10)
			b.WriteString(" in one issuer), above USD ")
			b.b = strconv.AppendInt(b.b, limit, 10)
		}
		if !cached {
			s.rbuf = b.b
			note = string(b.b)
			if len(s.notes) >= 1<<12 {
				clear(s.notes)
			}
			if s.notes == nil {
				s.notes = map[noteKey]string{}
			}
			s.notes[nk] = note
		}
		for _, p := range eligible {
			if within {
				p.path.Outcome = impartial.OutcomePermitted
			}
			p.path.Notes = append(p.path.Notes, note)
		}
	}
}

// applyPermissions marks as permitted the paths a recorded permission
// covers, and returns the permissions used. A screen permits when it walls
// off the colleague whose conflict would be imputed (a person on the path),
// never the screened person's own conflict; other kinds must name the
// covered person.
func (s *search) applyPermissions(r *rules.Rule, k groupKey, paths []*evalPath) []*impartial.Permission {
	g := s.g
	if len(r.PermittedBy) == 0 || len(g.perms) == 0 {
		return nil // nothing is recorded that could permit
	}
	person := g.nodeID(k.person)
	var used []*impartial.Permission
	for _, p := range paths {
		if p.path.Outcome.Severity() <= impartial.OutcomePermitted.Severity() {
			continue
		}
		candidates := []string{person}
		for _, st := range p.raw.steps {
			e := &g.edges[st.e]
			for _, n := range []int32{e.from, e.to} {
				if n != k.person && kinds[g.nodes[n].kind] == impartial.Person && !slices.Contains(candidates, g.nodeID(n)) {
					candidates = append(candidates, g.nodeID(n))
				}
			}
		}
		for _, who := range candidates {
			for _, perm := range g.perms[who] {
				// A screen cures only the imputation of the screened
				// lawyer's conflict to colleagues (ABA Model Rules
				// 1.10(a)(2), 1.11(b), 1.12(c)): it never lifts the
				// screened lawyer's own, and other acts must name the
				// covered person.
				if !r.PermittedByKind(perm.Kind) || (who != person) != (perm.Kind == impartial.Screen) {
					continue
				}
				if !perm.Covers(who, k.matter.ID, r.ID, s.win.asOf) {
					continue
				}
				p.path.Outcome = impartial.OutcomePermitted
				p.path.Notes = append(p.path.Notes, "permitted by "+perm.Explain())
				if !slices.Contains(used, perm) {
					used = append(used, perm)
				}
				goto next
			}
		}
	next:
	}
	slices.SortFunc(used, func(a, b *impartial.Permission) int { return cmp.Compare(a.ID, b.ID) })
	return used
}

// conditionVars gives a rule's CEL condition the facts as plain data.
func (s *search) conditionVars(person int32, m *impartial.Matter, paths []*evalPath) map[string]any {
	g := s.g
	cov := g.covOf(person)
	pv := map[string]any{"id": g.nodeID(person), "name": g.nodeName(person), "regime": string(cov.Regime), "position": cov.Position}
	topics := make([]any, len(m.Topics))
	for i, t := range m.Topics {
		topics[i] = t
	}
	mv := map[string]any{"id": m.ID, "title": m.Title, "kind": string(m.Kind), "opened": m.Opened.String(),
		"topics": topics, "confidential": m.Confidential}
	var pl, cl []any
	seen := map[string]bool{}
	for _, p := range paths {
		var types, roles []any
		status := "reported"
		capacity := ""
		contact := ""
		for _, st := range p.raw.steps {
			e := &g.edges[st.e]
			types = append(types, string(typeName(e.typ)))
			roles = append(roles, g.stepRole(st))
			if statuses[e.status] == impartial.Disputed {
				status = "disputed"
			}
			if e.typ == tContact {
				c := g.contact(e.contact)
				if contact == "" {
					contact, capacity = c.ID, string(c.Capacity)
				}
				if !seen[c.ID] {
					seen[c.ID] = true
					cl = append(cl, map[string]any{"id": c.ID, "date": c.Date.String(), "capacity": string(c.Capacity),
						"status": string(c.Status), "place": c.Place})
				}
			}
		}
		var amount int64
		if p.holding >= 0 && g.edges[p.holding].amount != 0 {
			amount = g.amountOf(&g.edges[p.holding]).Upper()
		}
		score := 1.0
		if p.raw.party.match != nil {
			score = p.raw.party.match.Score
		}
		party := &g.nodes[p.raw.party.node]
		pl = append(pl, map[string]any{
			"basis": p.path.Basis, "outcome": string(p.path.Outcome), "whose": string(p.path.Whose),
			"party": g.nodeID(p.raw.party.node), "party_role": string(p.raw.party.role), "party_kind": string(kinds[party.kind]),
			"capacity": capacity, "status": status, "amount": amount, "contact": contact, "name_score": score,
			"hops": int64(len(p.raw.steps)), "types": types, "roles": roles,
		})
	}
	if pl == nil {
		pl = []any{}
	}
	if cl == nil {
		cl = []any{}
	}
	return map[string]any{"person": pv, "matter": mv, "paths": pl, "contacts": cl, "as_of": s.win.asOf.String()}
}

// reason says in a sentence or two why the finding has its outcome.
func (s *search) reason(f *impartial.Finding, r *rules.Rule, paths []*evalPath, hidden int) string {
	who := orString(f.PersonName, f.Person)
	var strictest *evalPath
	for _, p := range paths {
		if strictest == nil || p.path.Outcome.Severity() > strictest.path.Outcome.Severity() {
			strictest = p
		}
	}
	b := textBuf{s.rbuf[:0]}
	switch f.Outcome {
	case impartial.OutcomeRecuse:
		b.WriteString(who)
		b.WriteString(" must not participate under ")
		b.WriteString(r.Citation)
		b.WriteString(" because of ")
		b.WriteString(strictest.path.Basis)
		b.WriteString(".")
	case impartial.OutcomeAuthorizationRequired:
		b.WriteString(who)
		b.WriteString(" may participate only with a written authorization, waiver or consent under ")
		b.WriteString(r.Citation)
		b.WriteString(" because of ")
		b.WriteString(strictest.path.Basis)
		b.WriteString(".")
	case impartial.OutcomeReview:
		b.WriteString("An ethics official should judge whether ")
		b.WriteString(who)
		b.WriteString(" may participate under ")
		b.WriteString(r.Citation)
		b.WriteString(": ")
		b.WriteString(strictest.path.Basis)
		b.WriteString(".")
		if r.Outcome.Severity() > impartial.OutcomeReview.Severity() {
			b.WriteString(" The rule would otherwise require more; see the notes on each path.")
		}
	case impartial.OutcomePermitted:
		b.WriteString("A conflict exists under ")
		b.WriteString(r.Citation)
		b.WriteString(" (")
		b.WriteString(strictest.path.Basis)
		b.WriteString("), but participation is permitted: ")
		for i, n := range strictest.path.Notes {
			if i > 0 {
				b.WriteString("; ")
			}
			b.WriteString(n)
		}
		b.WriteString(".")
	}
	if r.HasCondition() && r.ConditionText != "" {
		b.WriteString(" Reported because of ")
		b.WriteString(r.ConditionText)
		b.WriteString(".")
	}
	if n := len(paths); n > 1 {
		b.WriteString(" ")
		b.b = strconv.AppendInt(b.b, int64(n), 10)
		b.WriteString(" paths lead to the matter.")
	}
	if hidden > 0 {
		b.WriteString(" ")
		b.b = strconv.AppendInt(b.b, int64(hidden), 10)
		b.WriteString(" more paths are not shown.")
	}
	s.rbuf = b.b
	return string(b.b)
}

// textBuf builds a string in a reused buffer.
type textBuf struct{ b []byte }

func (t *textBuf) WriteString(x string) { t.b = append(t.b, x...) }

// noteKey identifies an exemption's note: the same for the same totals.
type noteKey struct {
	ex               *rules.Exemption
	total, maxIssuer int64
}
