package screen

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/impartial/impartial"
)

// Trades and corporate actions change holdings and ownership from their
// dates on. The graph does not evaluate them at each screen: it cuts each
// holding or ownership they reach into periods, one edge each, every period
// with its own ends (from, to), dates, share count, value and percent, and a
// note saying which events made it so. A screen as of a date then finds the
// period in force exactly as it finds any dated relationship, and the walks,
// look-backs and thresholds are unchanged.

// period is a stretch of a holding or ownership over which nothing an event
// changes is different.
type period struct {
	from, to string
	span     impartial.Span
	shares   *float64
	amount   *impartial.Amount
	percent  *float64
	note     string
}

// position is a share count, which may not be known.
type position struct {
	known bool
	n     float64
}

func (p position) held() bool { return !p.known || p.n > 0 }

// price is the value of one share (a range, as amounts are), if known.
type price struct {
	known    bool
	min, max float64
}

// lineage follows one holding or ownership through the events that reach it.
type lineage struct {
	base    *impartial.Relationship
	name    func(entity string) string             // the entity's name, for the notes a lawyer reads
	actsOn  func(entity string) []*impartial.Event // corporate actions whose Entity it is, by date and id
	out     []period
	through []string // every entity the lineage reached, for finding it again
}

func dayBefore(d impartial.Date) impartial.Date {
	return impartial.DateOf(d.First().AddDate(0, 0, -1))
}

// inSpan reports whether an event dated d changes a relationship of span s
// from its date on: after its start (an unknown start is always before)
// and on or before its end.
func inSpan(d impartial.Date, s impartial.Span) bool {
	if !s.Start.IsZero() && !d.First().After(s.Start.First()) {
		return false
	}
	return s.End.IsZero() || !d.First().After(s.End.Last())
}

func (l *lineage) reach(ids ...string) {
	for _, id := range ids {
		if !slices.Contains(l.through, id) {
			l.through = append(l.through, id)
		}
	}
}

// cursor is where a lineage has got to among the corporate actions: those
// ordered (date, id) after it are still to come.
type cursor struct {
	date impartial.Date
	id   string
}

func (c cursor) before(a *impartial.Event) bool {
	if c.date.IsZero() {
		return true
	}
	if k := a.Date.Compare(c.date); k != 0 {
		return k > 0
	}
	return a.ID > c.id
}

// nextAction returns the first corporate action after the cursor on one of
// the entities that changes the lineage (relevant says whether it does), or
// nil.
func (l *lineage) nextAction(after cursor, span impartial.Span, relevant func(*impartial.Event) bool, entities ...string) *impartial.Event {
	var best *impartial.Event
	for _, id := range entities {
		for _, a := range l.actsOn(id) {
			if !inSpan(a.Date, span) || !after.before(a) || !relevant(a) {
				continue
			}
			if best == nil || a.Date.Compare(best.Date) < 0 || (a.Date.Compare(best.Date) == 0 && a.ID < best.ID) {
				best = a
			}
			break // acts are sorted: the first relevant one is this entity's earliest
		}
	}
	return best
}

// derivePeriods cuts a holding or ownership into the periods its trades and
// the corporate actions reaching it make, and returns the entities it
// passes through. trades are the holding's, sorted by date and id. name
// gives an entity's name for the notes, which name companies as a filing
// does and keep the event's id for the record.
func derivePeriods(base *impartial.Relationship, trades []*impartial.Event, actsOn func(string) []*impartial.Event, name func(string) string) ([]period, []string) {
	l := &lineage{base: base, actsOn: actsOn, name: name}
	l.reach(base.From, base.To)
	if base.Type == impartial.Holding {
		pos := position{}
		if base.Shares != nil {
			pos = position{known: true, n: *base.Shares}
		}
		pr := price{}
		if a := base.Amount; a != nil && pos.known && pos.n > 0 {
			pr = price{known: true, min: float64(a.Min) / pos.n, max: float64(a.Upper()) / pos.n}
		}
		// Trades on or before the valuation date are history the recorded
		// position already reflects.
		asRecorded := base.ValuedOn
		if asRecorded.IsZero() {
			asRecorded = base.Start
		}
		var later []*impartial.Event
		for _, t := range trades {
			if inSpan(t.Date, base.Span) && (asRecorded.IsZero() || t.Date.First().After(asRecorded.Last())) {
				later = append(later, t)
			}
		}
		l.holding(base.To, base.Start, cursor{}, pos, pr, base.Amount, later, "")
	} else {
		l.ownership(base.From, base.To, base.Start, cursor{}, base.Percent, "")
	}
	return l.out, l.through
}

// holding follows the holding of target from start: pos and pr in the
// target's shares; fixed is the value when no share count is known.
func (l *lineage) holding(target string, start impartial.Date, cur cursor, pos position, pr price, fixed *impartial.Amount, trades []*impartial.Event, note string) {
	span := l.base.Span
	relevant := func(a *impartial.Event) bool { return a.Kind != impartial.Acquisition || a.Whole() }
	for {
		a := l.nextAction(cur, span, relevant, target)
		var t *impartial.Event
		if len(trades) > 0 {
			t = trades[0]
		}
		if t != nil && a != nil && a.Date.Compare(t.Date) <= 0 {
			t = nil // the corporate action first, on the same day
		}
		var d impartial.Date
		switch {
		case t != nil:
			d = t.Date
		case a != nil:
			d = a.Date
		}
		if d.IsZero() {
			l.emitHolding(target, start, span.End, pos, pr, fixed, note)
			return
		}
		l.emitHolding(target, start, dayBefore(d), pos, pr, fixed, note)
		start = d
		if t != nil {
			trades = trades[1:]
			switch {
			case t.Action == impartial.Sell && t.All:
				pos = position{known: true}
				note = fmt.Sprintf("after the sale of the whole position on %s (trade %s)", t.Date, t.ID)
			case t.Action == impartial.Sell:
				if pos.known {
					pos.n = max(0, pos.n-*t.Shares)
				}
				note = fmt.Sprintf("after the sale of %s shares on %s (trade %s)", num(*t.Shares), t.Date, t.ID)
			default:
				if pos.known {
					pos.n += *t.Shares
				}
				note = fmt.Sprintf("after the purchase of %s shares on %s (trade %s)", num(*t.Shares), t.Date, t.ID)
			}
			if am := t.Amount; am != nil && t.Shares != nil {
				pr = price{known: true, min: float64(am.Min) / *t.Shares, max: float64(am.Upper()) / *t.Shares}
			}
			continue
		}
		cur = cursor{a.Date, a.ID}
		r := a.RatioOr1()
		switch {
		case a.Kind == impartial.SpinOff:
			// The holders keep the parent and receive the new company.
			bp := position{known: pos.known, n: pos.n * r}
			if pos.held() {
				l.reach(a.Into)
				l.holding(a.Into, d, cur, bp, price{}, nil, nil, fmt.Sprintf("received in the spin-off of %s from %s on %s (event %s)", l.name(a.Into), l.name(target), d, a.ID))
			}
			continue
		case a.Kind == impartial.Acquisition && a.Consideration == impartial.PaidInCash:
			note = fmt.Sprintf("bought out for cash when %s acquired %s on %s (event %s)", l.name(a.Into), l.name(target), d, a.ID)
			l.emitHolding(target, start, span.End, position{known: true}, pr, fixed, note)
			return
		}
		// Merger, conversion, acquisition for stock: the shares become the
		// other company's.
		what := map[impartial.EventKind]string{impartial.Merger: "the merger of %s into %s", impartial.Conversion: "the conversion of %s into %s",
			impartial.Acquisition: "the acquisition of %[1]s by %[2]s for stock"}[a.Kind]
		note = fmt.Sprintf("exchanged in "+what+" on %s at %s for one (event %s)", l.name(target), l.name(a.Into), d, num(r), a.ID)
		target, fixed = a.Into, nil
		l.reach(target)
		pos.n *= r
		pr.min, pr.max = pr.min/r, pr.max/r
	}
}

func (l *lineage) emitHolding(target string, start, end impartial.Date, pos position, pr price, fixed *impartial.Amount, note string) {
	if !pos.held() || (!end.IsZero() && !start.IsZero() && end.Last().Before(start.First())) {
		return
	}
	p := period{from: l.base.From, to: target, span: impartial.Span{Start: start, End: end}, note: note}
	if pos.known {
		n := pos.n
		p.shares = &n
	}
	switch {
	case pos.known && pr.known:
		cur := ""
		if l.base.Amount != nil {
			cur = l.base.Amount.Currency
		}
		lo, hi := valueBounds(pr.min*pos.n, pr.max*pos.n)
		p.amount = &impartial.Amount{Min: lo, Currency: cur}
		if hi > lo {
			p.amount.Max = hi
		}
	case !pos.known && fixed != nil:
		a := *fixed
		p.amount = &a
	}
	l.out = append(l.out, p)
}

// valueBounds rounds a value range outwards to whole units, after taking
// off what floating point adds to a product that is whole (150.5 shares at
// 12000/150.5 each are 12000, not 11999.999...).
func valueBounds(lo, hi float64) (int64, int64) {
	return int64(math.Floor(lo + 1e-6)), int64(math.Ceil(hi - 1e-6))
}

// ownership follows from's ownership of to from start.
func (l *lineage) ownership(from, to string, start impartial.Date, cur cursor, pct *float64, note string) {
	span := l.base.Span
	relevant := func(a *impartial.Event) bool {
		switch {
		case a.Entity == from && a.Kind == impartial.SpinOff:
			return slices.Contains(a.Subsidiaries, to) || a.Into == to
		case a.Entity == from:
			return a.Kind != impartial.Acquisition
		case a.Kind == impartial.Acquisition:
			return a.Whole()
		}
		return true
	}
	for {
		a := l.nextAction(cur, span, relevant, from, to)
		if a == nil {
			l.emitOwnership(from, to, start, span.End, pct, note)
			return
		}
		d := a.Date
		cur = cursor{a.Date, a.ID}
		ended := false
		switch {
		case a.Entity == from && a.Kind == impartial.SpinOff && a.Into == to:
			if a.Percent != nil && *a.Percent > 0 {
				l.emitOwnership(from, to, start, dayBefore(d), pct, note)
				kept := *a.Percent
				pct, note = &kept, fmt.Sprintf("the share %s kept when it spun %s off on %s (event %s)", l.name(from), l.name(to), d, a.ID)
			} else {
				ended = true
			}
		case a.Entity == from:
			// Merger, conversion, or the subsidiary moved in a spin-off.
			l.emitOwnership(from, to, start, dayBefore(d), pct, note)
			note = fmt.Sprintf("held by %s since the %s of %s on %s (event %s)", l.name(a.Into), kindWords(a.Kind), l.name(from), d, a.ID)
			from = a.Into
		case a.Kind == impartial.SpinOff:
			// The owner receives the new company's shares pro rata, and
			// keeps its stake.
			l.reach(a.Into)
			l.ownership(from, a.Into, d, cur, pct, fmt.Sprintf("received pro rata in the spin-off of %s from %s on %s (event %s)", l.name(a.Into), l.name(to), d, a.ID))
			l.emitOwnership(from, to, start, dayBefore(d), pct, note)
			start = d
			continue
		case a.Kind == impartial.Acquisition && a.Consideration == impartial.PaidInCash:
			ended = true
		default:
			// The owned company merged, converted or was acquired for stock.
			l.emitOwnership(from, to, start, dayBefore(d), pct, note)
			if a.Kind != impartial.Conversion {
				pct = nil // a stake in the survivor, of a share not recorded
			}
			note = fmt.Sprintf("a stake in %s since the %s of %s on %s (event %s)", l.name(a.Into), kindWords(a.Kind), l.name(to), d, a.ID)
			to = a.Into
		}
		if ended {
			l.emitOwnership(from, to, start, dayBefore(d), pct, note)
			return
		}
		l.reach(from, to)
		start = d
	}
}

func (l *lineage) emitOwnership(from, to string, start, end impartial.Date, pct *float64, note string) {
	if from == to || (!end.IsZero() && !start.IsZero() && end.Last().Before(start.First())) {
		return
	}
	l.out = append(l.out, period{from: from, to: to, span: impartial.Span{Start: start, End: end}, percent: pct, note: note})
}

func kindWords(k impartial.EventKind) string {
	switch k {
	case impartial.SpinOff:
		return "spin-off"
	case impartial.Acquisition:
		return "acquisition"
	}
	return string(k)
}

// num writes a share count or ratio without trailing zeros.
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// createdBy returns the relationship a corporate action itself creates: the
// acquirer's ownership of the company acquired, from the date.
func createdBy(a *impartial.Event) *impartial.Relationship {
	if a.Kind != impartial.Acquisition {
		return nil
	}
	pct := a.AcquiredPercent()
	return &impartial.Relationship{ID: a.ID, From: a.Into, To: a.Entity, Type: impartial.Ownership, Percent: &pct,
		Span: impartial.Span{Start: a.Date}, Detail: fmt.Sprintf("acquired on %s (event %s)", a.Date, a.ID),
		Status: a.Status, Source: a.Source}
}

// sortEvents orders events by date, then id.
func sortEvents(es []*impartial.Event) {
	slices.SortFunc(es, func(a, b *impartial.Event) int { return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.ID, b.ID)) })
}
