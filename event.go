package impartial

import (
	"fmt"
	"math"
	"slices"
	"strconv"
)

// EventKind is the kind of a dated event that changes holdings or ownership:
// a trade in a holding, or a corporate action.
type EventKind string

// The kinds of event. A trade changes the share count of one holding; a
// corporate action changes who owns what from its date on, for every holding
// and ownership it reaches.
const (
	// Trade: a purchase or sale of shares of a holding (Holding, Action,
	// Shares or All, optionally Amount).
	Trade EventKind = "trade"
	// Merger: Entity merges into Into, which survives: holdings in Entity
	// become holdings in Into (Ratio shares of Into for each), Entity's
	// subsidiaries become Into's, and its owners' stakes become stakes in Into
	// of a share not recorded.
	Merger EventKind = "merger"
	// Acquisition: Into acquires Percent (default 100) of Entity, which
	// becomes its subsidiary. For a whole acquisition paid in stock (the
	// default, the conservative reading) holdings in Entity become holdings
	// in Into; paid in cash, they end.
	Acquisition EventKind = "acquisition"
	// SpinOff: Entity distributes the shares of the new company Into to its
	// holders (Ratio shares of Into for each of Entity), who hold both from
	// the date; Entity's recorded ownership of Into ends (Percent: what it
	// keeps), and the Subsidiaries listed move from Entity to Into.
	SpinOff EventKind = "spin_off"
	// Conversion: Entity becomes Into (a change of legal form, a share class
	// or a convertible security converted): holdings in it, its
	// subsidiaries and its owners' stakes carry over to Into.
	Conversion EventKind = "conversion"
)

// EventKinds lists the valid event kinds.
var EventKinds = []EventKind{Trade, Merger, Acquisition, SpinOff, Conversion}

// TradeAction says whether a trade bought or sold.
type TradeAction string

// The trade actions.
const (
	Buy  TradeAction = "buy"
	Sell TradeAction = "sell"
)

// Considerations of an acquisition.
const (
	PaidInStock = "stock"
	PaidInCash  = "cash"
)

// Event is a dated fact that changes holdings or ownership from its date on:
// a trade or a corporate action. Screening as of a date applies the events
// dated on or before it, so that a holding sold before a hearing no longer
// counts and a merger's new parent connects from the merger on.
type Event struct {
	ID   string
	Kind EventKind
	// Date is the day the event takes effect; it must be a full date.
	Date Date
	// Trades.
	Holding string      // the holding relationship traded
	Action  TradeAction // buy or sell
	Shares  *float64    // how many shares; for a sale, All may stand instead
	All     bool        // a sale of the whole position
	Amount  *Amount     // what the trade was worth, if recorded
	// Corporate actions.
	Entity        string   // the company acted on
	Into          string   // the survivor, acquirer, new company or converted form
	Percent       *float64 // acquisition: share acquired (default 100); spin-off: share Entity keeps (default 0)
	Ratio         *float64 // shares of Into per share of Entity (default 1)
	Consideration string   // acquisition: stock (default) or cash
	Subsidiaries  []string // spin-off: subsidiaries moved from Entity to Into
	Status        Status
	Source        string
	Note          string
}

// Label is how a record names itself in messages.
func (e *Event) Label() string { return "event " + strconv.Quote(e.ID) }

// Corporate reports whether the event is a corporate action.
func (e *Event) Corporate() bool { return e.Kind != Trade }

// RatioOr1 returns the exchange ratio, 1 when none is recorded.
func (e *Event) RatioOr1() float64 {
	if e.Ratio == nil {
		return 1
	}
	return *e.Ratio
}

// AcquiredPercent returns the share an acquisition acquires, 100 unless
// recorded.
func (e *Event) AcquiredPercent() float64 {
	if e.Percent == nil {
		return 100
	}
	return *e.Percent
}

// Whole reports whether an acquisition takes all of the company, so that its
// holders' shares are exchanged (stock) or bought out (cash).
func (e *Event) Whole() bool { return e.Kind == Acquisition && e.AcquiredPercent() >= 100 }

// Entities returns the entities a corporate action names, each once.
func (e *Event) Entities() []string {
	var out []string
	for _, id := range append([]string{e.Entity, e.Into}, e.Subsidiaries...) {
		if id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// Normalize fills defaults so that equal facts compare equal.
func (e *Event) Normalize() {
	if e.Status == "" {
		e.Status = Reported
	}
	if e.Kind == Acquisition && e.Consideration == "" {
		e.Consideration = PaidInStock
	}
	if len(e.Subsidiaries) == 0 {
		e.Subsidiaries = nil
	}
}

// Validate checks the event on its own; that the records it names exist is
// checked where it is stored.
func (e *Event) Validate() error {
	var p Problems
	rec := e.Label()
	checkID(&p, rec, "id", e.ID)
	if !slices.Contains(EventKinds, e.Kind) {
		p.add(rec, "kind", "%q is not an event kind (want one of %s)", e.Kind, join(EventKinds))
	}
	switch {
	case e.Date.IsZero():
		p.add(rec, "date", "is required")
	case e.Date.Precision() != DayPrecision:
		p.add(rec, "date", "%s is not a full date: a trade or corporate action takes effect on a day", e.Date)
	}
	positive := func(field string, v *float64) {
		if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0) || *v <= 0) {
			p.add(rec, field, "%v is not a positive number", *v)
		}
	}
	notFor := func(field string, set bool) {
		if set {
			p.add(rec, field, "does not apply to a %s", e.Kind)
		}
	}
	if e.Kind == Trade {
		checkID(&p, rec, "holding", e.Holding)
		switch e.Action {
		case Buy:
			if e.All {
				p.add(rec, "all", "applies only to a sale")
			}
			if e.Shares == nil {
				p.add(rec, "shares", "is required: how many shares were bought")
			}
		case Sell:
			if e.Shares == nil && !e.All {
				p.add(rec, "shares", "is required unless \"all\": true says the whole position was sold")
			}
			if e.Shares != nil && e.All {
				p.add(rec, "all", "and shares both given: say one")
			}
		default:
			p.add(rec, "action", "%q is not a trade action (want buy or sell)", e.Action)
		}
		positive("shares", e.Shares)
		if a := e.Amount; a != nil && (a.Min < 0 || (a.Max != 0 && a.Max < a.Min)) {
			p.add(rec, "amount", "%s is not a value", a)
		}
		notFor("entity", e.Entity != "")
		notFor("into", e.Into != "")
		notFor("percent", e.Percent != nil)
		notFor("ratio", e.Ratio != nil)
		notFor("consideration", e.Consideration != "")
		notFor("subsidiaries", len(e.Subsidiaries) > 0)
	} else if slices.Contains(EventKinds, e.Kind) {
		checkID(&p, rec, "entity", e.Entity)
		checkID(&p, rec, "into", e.Into)
		if e.Entity != "" && e.Entity == e.Into {
			p.add(rec, "into", "is the same entity as entity (%q)", e.Entity)
		}
		positive("ratio", e.Ratio)
		if pc := e.Percent; pc != nil {
			if e.Kind != Acquisition && e.Kind != SpinOff {
				p.add(rec, "percent", "applies only to an acquisition or a spin-off")
			} else if math.IsNaN(*pc) || *pc < 0 || *pc > 100 {
				p.add(rec, "percent", "%v is outside 0-100", *pc)
			}
		}
		if e.Consideration != "" && (e.Kind != Acquisition || (e.Consideration != PaidInStock && e.Consideration != PaidInCash)) {
			p.add(rec, "consideration", "%q: want stock or cash, for an acquisition", e.Consideration)
		}
		if len(e.Subsidiaries) > 0 && e.Kind != SpinOff {
			p.add(rec, "subsidiaries", "applies only to a spin-off")
		}
		for i, s := range e.Subsidiaries {
			checkID(&p, rec, fmt.Sprintf("subsidiaries[%d]", i), s)
		}
		notFor("holding", e.Holding != "")
		notFor("action", e.Action != "")
		notFor("shares", e.Shares != nil)
		notFor("all", e.All)
		notFor("amount", e.Amount != nil)
	}
	if !slices.Contains(Statuses, e.Status) {
		p.add(rec, "status", "%q is not a status (want one of %s)", e.Status, join(Statuses))
	}
	return p.Err()
}
