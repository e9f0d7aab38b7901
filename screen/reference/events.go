package reference

import (
	"cmp"
	"math"
	"slices"

	"github.com/impartial/impartial"
)

// held is the state, on the date screened, of one holding or ownership (or a
// branch of one that a spin-off created), replaying its events one by one.
type held struct {
	from, to     string
	pct          *float64
	known        bool // the share count is known
	shares       float64
	priced       bool // the value of a share is known
	pmin, pmax   float64
	fixed        *impartial.Amount // the value when no share count is known
	gone, branch bool
}

// asOfEvents returns the links relationship r amounts to on asOf, once
// every trade and corporate action dated on or before asOf is applied in
// date order (corporate actions of a day before its trades, then by id): a
// holding sold, exchanged in a merger, bought out or spun off; an ownership
// moved to a survivor, an acquirer or a new company. A relationship no
// event reaches is its one link as recorded, and so is one not in force on
// asOf, since events only change what is held after its start.
func asOfEvents(r *impartial.Relationship, events []*impartial.Event, asOf impartial.Date) []*link {
	base := &link{id: r.ID, from: r.From, to: r.To, typ: string(r.Type), role: r.Role, capacity: r.Capacity,
		span: r.Span, status: r.Status, whose: r.Whose, amount: r.Amount, percent: r.Percent}
	if (r.Type != impartial.Holding && r.Type != impartial.Ownership) || !r.Span.Active(asOf) {
		return []*link{base}
	}
	// The events that can apply: dated after the start, on or before the
	// end, and on or before asOf.
	var evs []*impartial.Event
	for _, e := range events {
		after := r.Start.IsZero() || e.Date.First().After(r.Start.First())
		before := r.End.IsZero() || !e.Date.First().After(r.End.Last())
		if after && before && !e.Date.First().After(asOf.Last()) {
			evs = append(evs, e)
		}
	}
	if len(evs) == 0 {
		return []*link{base}
	}
	slices.SortFunc(evs, func(a, b *impartial.Event) int {
		isTrade := func(e *impartial.Event) int {
			if e.Kind == impartial.Trade {
				return 1
			}
			return 0
		}
		return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(isTrade(a), isTrade(b)), cmp.Compare(a.ID, b.ID))
	})
	h := &held{from: r.From, to: r.To, pct: r.Percent, fixed: r.Amount}
	if r.Shares != nil {
		h.known, h.shares = true, *r.Shares
		if r.Amount != nil && h.shares > 0 {
			h.priced, h.pmin, h.pmax = true, float64(r.Amount.Min)/h.shares, float64(r.Amount.Upper())/h.shares
		}
	}
	recorded := r.ValuedOn
	if recorded.IsZero() {
		recorded = r.Start
	}
	states := []*held{h}
	for _, e := range evs {
		if e.Kind == impartial.Trade {
			if r.Type != impartial.Holding || e.Holding != r.ID || (!recorded.IsZero() && !e.Date.First().After(recorded.Last())) || h.gone {
				continue
			}
			switch {
			case e.Action == impartial.Sell && e.All:
				h.known, h.shares = true, 0
			case e.Action == impartial.Sell:
				if h.known {
					h.shares = max(0, h.shares-*e.Shares)
				}
			default:
				if h.known {
					h.shares += *e.Shares
				}
			}
			if e.Amount != nil && e.Shares != nil {
				h.priced, h.pmin, h.pmax = true, float64(e.Amount.Min) / *e.Shares, float64(e.Amount.Upper()) / *e.Shares
			}
			continue
		}
		for _, s := range slices.Clone(states) {
			if !s.gone {
				states = append(states, s.apply(r.Type, e)...)
			}
		}
	}
	var out []*link
	for _, s := range states {
		if s.gone || (r.Type == impartial.Holding && s.known && s.shares <= 0) || s.from == s.to {
			continue
		}
		l := *base
		l.from, l.to, l.span = s.from, s.to, impartial.Span{Start: asOf, End: asOf}
		if r.Type == impartial.Ownership {
			l.percent = s.pct
		} else {
			l.amount = nil
			switch {
			case s.known && s.priced:
				cur := ""
				if r.Amount != nil {
					cur = r.Amount.Currency
				}
				// Whole units, outwards, ignoring what floating point adds.
				lo, hi := int64(math.Floor(s.pmin*s.shares+1e-6)), int64(math.Ceil(s.pmax*s.shares-1e-6))
				l.amount = &impartial.Amount{Min: lo, Currency: cur}
				if hi > lo {
					l.amount.Max = hi
				}
			case !s.known && s.fixed != nil:
				l.amount = s.fixed
			}
		}
		out = append(out, &l)
	}
	return out
}

// apply applies a corporate action to the state, returning any branch it
// creates.
func (s *held) apply(typ impartial.RelType, e *impartial.Event) []*held {
	ratio := e.RatioOr1()
	whole := e.Kind == impartial.Acquisition && e.AcquiredPercent() >= 100
	if typ == impartial.Holding {
		if e.Entity != s.to {
			return nil
		}
		switch {
		case e.Kind == impartial.SpinOff:
			if s.known && s.shares <= 0 {
				return nil
			}
			return []*held{{from: s.from, to: e.Into, known: s.known, shares: s.shares * ratio, branch: true}}
		case e.Kind == impartial.Acquisition && !whole:
		case e.Kind == impartial.Acquisition && e.Consideration == impartial.PaidInCash:
			s.gone = true
		default: // merger, conversion, a whole acquisition for stock
			s.to, s.fixed = e.Into, nil
			s.shares *= ratio
			s.pmin, s.pmax = s.pmin/ratio, s.pmax/ratio
		}
		return nil
	}
	switch {
	case e.Entity == s.from:
		switch {
		case e.Kind == impartial.Acquisition:
		case e.Kind == impartial.SpinOff && e.Into == s.to:
			if e.Percent != nil && *e.Percent > 0 {
				kept := *e.Percent
				s.pct = &kept
			} else {
				s.gone = true
			}
		case e.Kind == impartial.SpinOff:
			if slices.Contains(e.Subsidiaries, s.to) {
				s.from = e.Into
			}
		default:
			s.from = e.Into
		}
	case e.Entity == s.to:
		switch {
		case e.Kind == impartial.SpinOff:
			return []*held{{from: s.from, to: e.Into, pct: s.pct, branch: true}}
		case e.Kind == impartial.Acquisition && !whole:
		case e.Kind == impartial.Acquisition && e.Consideration == impartial.PaidInCash:
			s.gone = true
		case e.Kind == impartial.Conversion:
			s.to = e.Into
		default:
			s.to, s.pct = e.Into, nil
		}
	}
	return nil
}
