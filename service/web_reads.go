package service

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/rules"
)

// The read models behind the web pages (and, as issue 12's routes need
// them, the API): each one takes the acting user and applies the same roles
// and need-to-know as every other use case.

// FindingQuery selects findings for the review queue. Empty fields select
// everything.
type FindingQuery struct {
	Person  string
	Matter  string
	Rule    string
	Regime  impartial.Regime
	Outcome impartial.Outcome
	// Decided includes the findings an ethics official has already decided;
	// by default the queue holds only those still open.
	Decided bool
}

// QueueItem is one finding in the review queue, with where it stands.
type QueueItem struct {
	*impartial.StoredFinding
	Regime impartial.Regime
	// Determination is the current word on the finding, if any.
	Determination *impartial.Determination
	// Recusal is a recusal in force that already covers the matter, if
	// any: the person is walled off whatever the finding's decision.
	Recusal string
}

// Open reports whether the finding still waits for a decision.
func (q QueueItem) Open() bool { return q.Determination == nil || q.Determination.Decision == "" }

// FindingsQueue is the review queue: findings that restrict or need a
// judgement, strictest first, with counts by outcome.
type FindingsQueue struct {
	Items     []QueueItem
	Counts    map[impartial.Outcome]int
	Truncated bool // more findings are held than one queue shows
}

// queueOutcomes are the outcomes that call for an ethics official.
var queueOutcomes = []impartial.Outcome{impartial.OutcomeRecuse, impartial.OutcomeAuthorizationRequired, impartial.OutcomeReview}

func readsFindings(caller impartial.Actor) error {
	if !caller.Decides() && caller.Role != impartial.Auditor {
		return &impartial.Error{Kind: impartial.Forbidden, Msg: "only ethics officials and auditors read findings: they name confidential matters"}
	}
	return nil
}

// Queue returns the findings that call for an ethics official (recuse,
// authorization required, review), strictest first and then oldest first.
// Ethics officials and auditors only; the read is audited because findings
// name confidential matters.
func (s *Service) Queue(ctx context.Context, caller impartial.Actor, q FindingQuery) (*FindingsQueue, error) {
	if err := readsFindings(caller); err != nil {
		return nil, err
	}
	if q.Outcome != "" && !slices.Contains(queueOutcomes, q.Outcome) {
		return nil, impartial.FieldError("findings", "outcome", "%q is not an outcome the queue holds (want one of recuse, authorization_required, review)", q.Outcome)
	}
	if q.Regime != "" && !slices.Contains(impartial.Regimes, q.Regime) {
		return nil, impartial.FieldError("findings", "regime", "%q is not a regime (want one of executive, doj, judiciary, law_firm)", q.Regime)
	}
	out := &FindingsQueue{Counts: map[impartial.Outcome]int{}}
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		outcomes := queueOutcomes
		if q.Outcome != "" {
			outcomes = []impartial.Outcome{q.Outcome}
		}
		dets, err := all(func(pg impartial.Page) ([]*impartial.Determination, error) {
			return tx.Determinations(ctx, impartial.DeterminationFilter{Page: pg, Person: q.Person, Matter: q.Matter})
		}, func(d *impartial.Determination) string { return d.ID })
		if err != nil {
			return err
		}
		current := currentDeterminations(dets)
		regimes := map[string]impartial.Regime{}
		cover := newRecusalCover(ctx, tx, impartial.DateOf(s.now()))
		for _, o := range outcomes {
			fs, err := tx.Findings(ctx, impartial.FindingFilter{Person: q.Person, Matter: q.Matter, Outcome: o, Limit: impartial.MaxPage})
			if err != nil {
				return err
			}
			if len(fs) == impartial.MaxPage {
				out.Truncated = true
			}
			for _, f := range fs {
				if q.Rule != "" && f.Rule != q.Rule {
					continue
				}
				reg, ok := regimes[f.Person]
				if !ok {
					if e, err := tx.Entity(ctx, f.Person); err == nil && e.Coverage != nil {
						reg = e.Coverage.Regime
					}
					regimes[f.Person] = reg
				}
				if q.Regime != "" && reg != q.Regime {
					continue
				}
				item := QueueItem{StoredFinding: f, Regime: reg, Determination: current[f.Matter+"\x00"+f.Person+"\x00"+f.Rule]}
				if item.Recusal, err = cover.of(f.Person, f.Matter); err != nil {
					return err
				}
				if !q.Decided && !item.Open() {
					continue
				}
				out.Items = append(out.Items, item)
				out.Counts[f.Outcome]++
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the findings queue: %w", err)
	}
	slices.SortStableFunc(out.Items, func(a, b QueueItem) int {
		if d := b.Outcome.Severity() - a.Outcome.Severity(); d != 0 {
			return d
		}
		return a.ComputedAt.Compare(b.ComputedAt)
	})
	if err := s.auditRead(ctx, caller, "read findings", "", queryText(q)); err != nil {
		return nil, err
	}
	return out, nil
}

func queryText(q FindingQuery) string {
	var parts []string
	for _, kv := range [][2]string{{"person", q.Person}, {"matter", q.Matter}, {"rule", q.Rule}, {"regime", string(q.Regime)}, {"outcome", string(q.Outcome)}} {
		if kv[1] != "" {
			parts = append(parts, kv[0]+"="+kv[1])
		}
	}
	if len(parts) == 0 {
		return "all open"
	}
	return strings.Join(parts, " ")
}

// currentDeterminations returns the latest, unsuperseded determination of
// each finding, keyed by matter, person and rule.
func currentDeterminations(dets []*impartial.Determination) map[string]*impartial.Determination {
	superseded := supersededIDs(dets)
	out := map[string]*impartial.Determination{}
	for _, d := range dets {
		if !superseded[d.ID] {
			out[d.Matter+"\x00"+d.Person+"\x00"+d.Rule] = d
		}
	}
	return out
}

// FindingDetail is one finding with what a reviewer needs to decide it.
type FindingDetail struct {
	Finding *impartial.StoredFinding
	Person  *impartial.Entity
	Matter  *impartial.Matter
	// Rule is the rule as the service's rulebooks hold it now (nil if it has
	// since been removed); the finding keeps the citation it was made under.
	Rule *rules.Rule
	// Determinations are the finding's determinations, oldest first.
	Determinations []*impartial.Determination
	// Current is the one in force: the latest not superseded.
	Current *impartial.Determination
	// Recusals are the person's recusals that cover the matter now.
	Recusals []*impartial.Recusal
	// Entities are the entities on the finding's paths, by id, so that a
	// drawing of the paths can say what kind of thing each one is.
	Entities map[string]*impartial.Entity
}

// Finding returns one stored finding with its rule and determinations.
// Ethics officials and auditors only; reading a finding on a confidential
// matter is audited.
func (s *Service) Finding(ctx context.Context, caller impartial.Actor, person, matter, rule string) (*FindingDetail, error) {
	if err := readsFindings(caller); err != nil {
		return nil, err
	}
	notFound := &impartial.Error{Kind: impartial.NotFound, Msg: fmt.Sprintf("no finding for %q on %q under %q", person, matter, rule)}
	out := &FindingDetail{}
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		fs, err := tx.Findings(ctx, impartial.FindingFilter{Person: person, Matter: matter, Limit: impartial.MaxPage})
		if err != nil {
			return err
		}
		for _, f := range fs {
			if f.Rule == rule {
				out.Finding = f
			}
		}
		if out.Finding == nil {
			return notFound
		}
		if out.Person, err = tx.Entity(ctx, person); err != nil {
			return err
		}
		if out.Matter, err = tx.Matter(ctx, matter); err != nil {
			return err
		}
		dets, err := all(func(pg impartial.Page) ([]*impartial.Determination, error) {
			return tx.Determinations(ctx, impartial.DeterminationFilter{Page: pg, Person: person, Matter: matter})
		}, func(d *impartial.Determination) string { return d.ID })
		if err != nil {
			return err
		}
		for _, d := range dets {
			if d.Rule == rule {
				out.Determinations = append(out.Determinations, d)
			}
		}
		slices.SortStableFunc(out.Determinations, func(a, b *impartial.Determination) int { return determinedAt(a).Compare(determinedAt(b)) })
		out.Current = currentDeterminations(out.Determinations)[matter+"\x00"+person+"\x00"+rule]
		recs, err := all(func(pg impartial.Page) ([]*impartial.Recusal, error) {
			return tx.Recusals(ctx, impartial.RecusalFilter{Page: pg, Person: person})
		}, func(r *impartial.Recusal) string { return r.ID })
		if err != nil {
			return err
		}
		asOf := impartial.DateOf(s.now())
		for _, r := range recs {
			if ok, _ := r.Covers(out.Matter); ok && r.InForce(asOf) {
				out.Recusals = append(out.Recusals, r)
			}
		}
		out.Entities = map[string]*impartial.Entity{}
		for _, p := range out.Finding.Paths {
			for _, st := range p.Steps {
				for _, id := range []string{st.From, st.To} {
					if _, seen := out.Entities[id]; seen || id == "" || id == matter {
						continue
					}
					e, err := tx.Entity(ctx, id)
					if impartial.IsNotFound(err) {
						continue
					}
					if err != nil {
						return err
					}
					out.Entities[id] = e
				}
			}
		}
		return nil
	})
	if err != nil {
		if impartial.IsNotFound(err) {
			return nil, notFound
		}
		return nil, fmt.Errorf("read finding: %w", err)
	}
	if out.Rule, err = s.rule(rule); err != nil {
		return nil, err
	}
	if out.Matter.Confidential {
		if err := s.auditRead(ctx, caller, "read finding", matter, person+" under "+rule+" (confidential matter)"); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func determinedAt(d *impartial.Determination) time.Time {
	if !d.DecidedAt.IsZero() {
		return d.DecidedAt
	}
	return d.ReviewedAt
}

// Now is the service's clock: pages say how old a finding is by it.
func (s *Service) Now() time.Time { return s.now() }

// recusalCover tells which recusal in force covers a person on a matter,
// reading each person's recusals and each matter once.
type recusalCover struct {
	ctx      context.Context
	tx       impartial.ReadTx
	asOf     impartial.Date
	recusals map[string][]*impartial.Recusal
	matters  map[string]*impartial.Matter
}

func newRecusalCover(ctx context.Context, tx impartial.ReadTx, asOf impartial.Date) *recusalCover {
	return &recusalCover{ctx: ctx, tx: tx, asOf: asOf, recusals: map[string][]*impartial.Recusal{}, matters: map[string]*impartial.Matter{}}
}

func (c *recusalCover) of(person, matter string) (string, error) {
	recs, ok := c.recusals[person]
	if !ok {
		var err error
		recs, err = all(func(pg impartial.Page) ([]*impartial.Recusal, error) {
			return c.tx.Recusals(c.ctx, impartial.RecusalFilter{Page: pg, Person: person})
		}, func(r *impartial.Recusal) string { return r.ID })
		if err != nil {
			return "", err
		}
		c.recusals[person] = recs
	}
	if len(recs) == 0 {
		return "", nil
	}
	m, ok := c.matters[matter]
	if !ok {
		var err error
		if m, err = c.tx.Matter(c.ctx, matter); err != nil {
			return "", err
		}
		c.matters[matter] = m
	}
	for _, r := range recs {
		if ok, _ := r.Covers(m); ok && r.InForce(c.asOf) {
			return r.ID, nil
		}
	}
	return "", nil
}
