package screen

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/rules"
)

// result turns the collected paths into findings.
func (s *search) result(matters, persons []string) *Result {
	r := &Result{AsOf: s.win.asOf, Matters: matters, Persons: persons, Warnings: s.warn}
	for _, k := range s.order {
		if f := s.evaluate(k, s.groups[k]); f != nil {
			r.Findings = append(r.Findings, *f)
		}
	}
	slices.SortFunc(r.Findings, func(a, b impartial.Finding) int {
		return cmp.Or(cmp.Compare(a.Person, b.Person), cmp.Compare(a.Matter, b.Matter),
			cmp.Compare(b.Outcome.Severity(), a.Outcome.Severity()), cmp.Compare(a.Rule, b.Rule))
	})
	return r
}

// evalPath is a path being judged.
type evalPath struct {
	raw     rawPath
	path    impartial.Path
	holding int32 // the first holding edge on the path, or -1
	contact int32 // the first contact edge, or -1
}

// evaluate applies a rule to the paths found for one person and matter:
// whose interest each is, disputed facts, name matches, exemptions,
// permissions and the rule's condition. It returns nil when nothing is left.
func (s *search) evaluate(k groupKey, gr *group) *impartial.Finding {
	g, r, m := s.g, k.rule.r, k.matter
	person := &g.nodes[k.person]
	paths := make([]*evalPath, 0, len(gr.paths))
	store := make([]evalPath, len(gr.paths))
	for i, rp := range gr.paths {
		ep := &store[i]
		s.buildPath(ep, rp)
		if len(r.Whose) > 0 && !r.CountsWhose(ep.path.Whose) {
			continue
		}
		paths = append(paths, ep)
	}
	if len(paths) == 0 {
		return nil
	}
	s.applyExemptions(r, paths)
	used := s.applyPermissions(r, k, paths)

	f := &impartial.Finding{
		Person: person.id, PersonName: person.name, Matter: m.ID, MatterTitle: m.Title,
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
			s.warn = append(s.warn, fmt.Sprintf("%s × %s: %v; the finding is kept", person.id, m.ID, err))
		case !ok:
			return nil
		}
	}
	slices.SortStableFunc(paths, func(a, b *evalPath) int {
		return cmp.Or(cmp.Compare(b.path.Outcome.Severity(), a.path.Outcome.Severity()),
			cmp.Compare(len(a.path.Steps), len(b.path.Steps)),
			cmp.Compare(pathKey(a.path), pathKey(b.path)))
	})
	limit := s.en.MaxPaths
	if limit <= 0 {
		limit = 20
	}
	for i, p := range paths {
		if i == limit {
			break
		}
		f.Paths = append(f.Paths, p.path)
	}
	for _, p := range used {
		f.Permissions = append(f.Permissions, *p)
	}
	f.Reason = s.reason(f, r, paths, len(paths)-len(f.Paths)+gr.more)
	return f
}

func pathKey(p impartial.Path) string {
	var b strings.Builder
	for _, st := range p.Steps {
		b.WriteString(st.Record)
		b.WriteByte(0)
	}
	return b.String()
}

// buildPath turns a raw path into explained steps with the path's own
// outcome before exemptions and permissions.
func (s *search) buildPath(ep *evalPath, rp rawPath) {
	g, r := s.g, s.ruleOf(rp)
	*ep = evalPath{raw: rp, holding: -1, contact: -1}
	p := &ep.path
	p.Steps = make([]impartial.Step, 0, len(rp.steps)+2)
	p.Basis = rp.pat.p.Basis
	p.Outcome = rp.pat.outcome
	for _, st := range rp.steps {
		e := &g.edges[st.e]
		p.Steps = append(p.Steps, s.stepOf(st))
		switch {
		case e.typ == tHolding && ep.holding < 0:
			ep.holding = st.e
		case e.typ == tContact && ep.contact < 0:
			ep.contact = st.e
		}
		if statuses[e.status] == impartial.Disputed && p.Outcome.Severity() > r.Disputed().Severity() {
			p.Outcome = r.Disputed()
			p.Notes = append(p.Notes, fmt.Sprintf("lowered to %s: the fact recorded as %s is disputed", r.Disputed(), g.edgeID(e)))
		}
		if e.typ == tOwnership && math.IsNaN(float64(e.percent)) && s.hopOf(rp, st).minPct > 0 {
			p.Notes = append(p.Notes, fmt.Sprintf("the share recorded by %s is not known; control of the subsidiary is assumed", g.edgeID(e)))
		}
	}
	p.Whose = s.whoseOf(rp)
	party := &g.nodes[rp.party.node]
	if c := rp.party.match; c != nil {
		p.Steps = append(p.Steps, impartial.Step{
			Kind: impartial.StepNameMatch, Record: s.currentMatter(rp).ID, To: party.id, ToName: party.name,
			Start: s.currentMatter(rp).Opened, Source: "the matter's party list, matched by name",
			PartyRole: rp.party.role,
			Match:     &impartial.NameMatch{Query: rp.party.name, Matched: c.Matched, Score: c.Score, Explanation: c.Explanation},
		})
		certain := s.bookOf(rp).NameMatch.CertainScore
		if (c.Score < certain || kinds[party.kind] == impartial.Person) && p.Outcome.Severity() > impartial.OutcomeReview.Severity() {
			p.Outcome = impartial.OutcomeReview
			why := fmt.Sprintf("the match scores %.2f, below %.2f", c.Score, certain)
			if kinds[party.kind] == impartial.Person {
				why = "a person matched by name alone"
			}
			p.Notes = append(p.Notes, fmt.Sprintf("lowered to review: the party %q is identified by name only (%s); confirm who it is", rp.party.name, why))
		}
	}
	m := s.currentMatter(rp)
	p.Steps = append(p.Steps, impartial.Step{
		Kind: impartial.StepParty, Record: m.ID, From: party.id, FromName: party.name, To: m.ID, ToName: m.Title,
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

func (s *search) currentMatter(rp rawPath) *impartial.Matter { return s.matters[rp.matter] }

func (s *search) hopOf(rp rawPath, st pstep) *chop { return rp.pat.hops[st.hop] }

// stepOf explains one edge of a path. A contact reads from the person's
// side; a relationship keeps the direction it was recorded in.
func (s *search) stepOf(st pstep) impartial.Step {
	g := s.g
	e := &g.edges[st.e]
	from, to := &g.nodes[e.from], &g.nodes[e.to]
	out := impartial.Step{Record: g.edgeID(e), From: from.id, FromName: from.name, To: to.id, ToName: to.name,
		Status: statuses[e.status], Source: g.strs[e.source]}
	if e.typ == tContact {
		c := g.contacts[e.contact].c
		if !st.fwd {
			out.From, out.FromName, out.To, out.ToName = to.id, to.name, from.id, from.name
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
			if ri, ok := g.nodeIdx[c.ReportedBy]; ok {
				out.ReportedBy = g.nodes[ri].name
			}
		}
		out.ReportedOn = c.ReportedOn
		return out
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
	return out
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
	switch e.typ {
	case tHolding:
		return whoses[e.whose]
	case tFamily:
		switch st.role {
		case "spouse", "domestic partner":
			return impartial.Spouse
		case "minor child":
			return impartial.MinorChild
		}
		return "relative"
	case tHousehold:
		return impartial.HouseholdMember
	case tPosition, tEmployment:
		if st.role == "prospective" {
			return impartial.ProspectiveEmployer
		}
		return impartial.OrganizationServed
	case tBusiness:
		if st.role == "general partner" {
			return impartial.GeneralPartner
		}
	}
	return ""
}

// applyExemptions marks as permitted the paths a regulatory exemption
// covers: holdings of publicly traded securities whose total stays within
// the de-minimis thresholds (5 CFR 2640.202).
func (s *search) applyExemptions(r *rules.Rule, paths []*evalPath) {
	g := s.g
	for _, ex := range r.Exemptions {
		var eligible []*evalPath
		amounts := map[int32]int64{} // holding edge → upper value
		var missing []string
		for _, p := range paths {
			if p.path.Outcome.Severity() <= impartial.OutcomePermitted.Severity() || p.holding < 0 {
				continue
			}
			if !slices.Contains(ex.PartyRoles, p.raw.party.role) || (len(ex.Whose) > 0 && !slices.Contains(ex.Whose, p.path.Whose)) {
				continue
			}
			e := &g.edges[p.holding]
			if want := flagBits(ex.IssuerFlags); g.nodes[e.to].flags&want != want {
				continue
			}
			if !e.hasAmount {
				missing = append(missing, g.edgeID(e))
				continue
			}
			eligible = append(eligible, p)
			amounts[p.holding] = g.amountOf(e).Upper()
		}
		if len(eligible) == 0 {
			for _, p := range paths {
				if id := g.edgeID(&g.edges[max(p.holding, 0)]); p.holding >= 0 && slices.Contains(missing, id) {
					p.path.Notes = append(p.path.Notes, fmt.Sprintf("%s (%s) cannot be applied: the value of %s is not recorded", ex.Citation, ex.ID, id))
				}
			}
			continue
		}
		var total int64
		perIssuer := map[int32]int64{}
		for ei, a := range amounts {
			total += a
			perIssuer[g.edges[ei].to] += a
		}
		var maxIssuer int64
		for _, a := range perIssuer {
			maxIssuer = max(maxIssuer, a)
		}
		within := (ex.MaxAggregate == 0 || total <= ex.MaxAggregate) && (ex.MaxPerIssuer == 0 || maxIssuer <= ex.MaxPerIssuer)
		for _, p := range eligible {
			if within {
				p.path.Outcome = impartial.OutcomePermitted
				p.path.Notes = append(p.path.Notes, fmt.Sprintf("exempt under %s: %s — the holdings come to USD %d in all", ex.Citation, ex.Text, total))
			} else {
				limit := ex.MaxAggregate
				if ex.MaxPerIssuer > 0 && maxIssuer > ex.MaxPerIssuer {
					limit = ex.MaxPerIssuer
				}
				p.path.Notes = append(p.path.Notes, fmt.Sprintf("not exempt under %s: the holdings come to USD %d in all (USD %d in one issuer), above USD %d", ex.Citation, total, maxIssuer, limit))
			}
		}
	}
}

// applyPermissions marks as permitted the paths a recorded permission
// covers, and returns the permissions used. A screen permits when it walls
// off the colleague whose conflict would be imputed (a person on the path);
// other kinds must name the covered person.
func (s *search) applyPermissions(r *rules.Rule, k groupKey, paths []*evalPath) []*impartial.Permission {
	g := s.g
	if len(r.PermittedBy) == 0 {
		return nil
	}
	person := g.nodes[k.person].id
	var used []*impartial.Permission
	for _, p := range paths {
		if p.path.Outcome.Severity() <= impartial.OutcomePermitted.Severity() {
			continue
		}
		candidates := []string{person}
		for _, st := range p.raw.steps {
			e := &g.edges[st.e]
			for _, n := range []int32{e.from, e.to} {
				if n != k.person && kinds[g.nodes[n].kind] == impartial.Person && !slices.Contains(candidates, g.nodes[n].id) {
					candidates = append(candidates, g.nodes[n].id)
				}
			}
		}
		for _, who := range candidates {
			for _, perm := range g.perms[who] {
				if !r.PermittedByKind(perm.Kind) || (who != person && perm.Kind != impartial.Screen) {
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
func (s *search) conditionVars(person *node, m *impartial.Matter, paths []*evalPath) map[string]any {
	g := s.g
	pv := map[string]any{"id": person.id, "name": person.name, "regime": string(person.cov.Regime), "position": person.cov.Position}
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
			roles = append(roles, st.role)
			if statuses[e.status] == impartial.Disputed {
				status = "disputed"
			}
			if e.typ == tContact {
				c := g.contacts[e.contact].c
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
		if p.holding >= 0 && g.edges[p.holding].hasAmount {
			amount = g.amountOf(&g.edges[p.holding]).Upper()
		}
		score := 1.0
		if p.raw.party.match != nil {
			score = p.raw.party.match.Score
		}
		party := &g.nodes[p.raw.party.node]
		pl = append(pl, map[string]any{
			"basis": p.path.Basis, "outcome": string(p.path.Outcome), "whose": string(p.path.Whose),
			"party": party.id, "party_role": string(p.raw.party.role), "party_kind": string(kinds[party.kind]),
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
	var b strings.Builder
	switch f.Outcome {
	case impartial.OutcomeRecuse:
		fmt.Fprintf(&b, "%s must not participate under %s because of %s.", who, r.Citation, strictest.path.Basis)
	case impartial.OutcomeAuthorizationRequired:
		fmt.Fprintf(&b, "%s may participate only with a written authorization, waiver or consent under %s because of %s.", who, r.Citation, strictest.path.Basis)
	case impartial.OutcomeReview:
		fmt.Fprintf(&b, "An ethics official should judge whether %s may participate under %s: %s.", who, r.Citation, strictest.path.Basis)
		if r.Outcome.Severity() > impartial.OutcomeReview.Severity() {
			b.WriteString(" The rule would otherwise require more; see the notes on each path.")
		}
	case impartial.OutcomePermitted:
		fmt.Fprintf(&b, "A conflict exists under %s (%s), but participation is permitted: %s.", r.Citation, strictest.path.Basis, strings.Join(strictest.path.Notes, "; "))
	}
	if r.HasCondition() && r.ConditionText != "" {
		fmt.Fprintf(&b, " Reported because of %s.", r.ConditionText)
	}
	if n := len(paths); n > 1 {
		fmt.Fprintf(&b, " %d paths lead to the matter.", n)
	}
	if hidden > 0 {
		fmt.Fprintf(&b, " %d more paths are not shown.", hidden)
	}
	return b.String()
}
