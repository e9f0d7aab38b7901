package web

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/service"
)

// The person timeline: every dated fact about a person on one time axis, a
// bar for what lasted (a position, a holding, coverage) and a diamond for
// what happened on a day (a contact, a statement). Each row says in words
// what kind of fact it is; the table under it lists them all.

const (
	tlW     = 1100.0
	tlLeft  = 16.0
	tlRight = 16.0
	tlRow   = 34.0
	tlTop   = 40.0
)

type timelineView struct {
	SVG   template.HTML
	Empty bool
}

func kindWord(e service.Event) string {
	switch {
	case e.Kind == "relationship" && isHolding(e):
		return "Holding"
	case e.Kind == "relationship":
		return "Relationship"
	case e.Kind == "contact":
		return "Contact"
	case e.Kind == "coverage":
		return "Coverage"
	case e.Kind == "matter":
		return "Matter"
	case e.Kind == "statement":
		return "Statement"
	case e.Kind == "correction":
		return "Correction"
	}
	return e.Kind
}

func buildTimeline(p *service.Profile, today impartial.Date) timelineView {
	var dated []service.Event
	for _, e := range p.Events {
		if !e.Start.IsZero() || !e.End.IsZero() {
			dated = append(dated, e)
		}
	}
	if len(dated) == 0 {
		return timelineView{Empty: true}
	}
	from, to := today.First(), today.Last()
	for _, e := range dated {
		for _, d := range []impartial.Date{e.Start, e.End} {
			if d.IsZero() {
				continue
			}
			if d.First().Before(from) {
				from = d.First()
			}
			if d.Last().After(to) {
				to = d.Last()
			}
		}
	}
	// Whole years, with a little room on either side.
	from = time.Date(from.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	to = time.Date(to.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC)
	span := to.Sub(from).Hours()
	x := func(t time.Time) float64 { return tlLeft + (tlW-tlLeft-tlRight)*t.Sub(from).Hours()/span }
	h := tlTop + float64(len(dated))*tlRow + 10
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="timeline" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="tl-title tl-desc" xmlns="http://www.w3.org/2000/svg">`, tlW, h)
	fmt.Fprintf(&b, `<title id="tl-title">Timeline of %s</title>`, esc(p.Entity.Name))
	fmt.Fprintf(&b, `<desc id="tl-desc">%d dated facts from %d to %d; the table below lists each one.</desc>`, len(dated), from.Year(), to.Year()-1)
	// The axis: one tick a year (every second year when long).
	b.WriteString(`<g class="axis">`)
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`, tlLeft, tlTop-12, tlW-tlRight, tlTop-12)
	step := 1
	if to.Year()-from.Year() > 12 {
		step = 2
	}
	for y := from.Year(); y <= to.Year(); y += step {
		tx := x(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))
		anchor := "middle"
		if y == to.Year() {
			anchor = "end"
		} else if y == from.Year() {
			anchor = "start"
		}
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/><text x="%.1f" y="%.1f" text-anchor="%s">%d</text>`,
			tx, tlTop-16, tx, h-6, tx, tlTop-20, anchor, y)
	}
	b.WriteString(`</g>`)
	tt := x(today.First())
	fmt.Fprintf(&b, `<g class="today"><line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/><text x="%.1f" y="%.1f" text-anchor="end">today %s</text></g>`,
		tt, tlTop-12, tt, h-6, tt-4, h-8, esc(today.String()))
	for i, e := range dated {
		y := tlTop + float64(i)*tlRow
		start, end := e.Start, e.End
		point := e.Kind == "contact" || e.Kind == "statement" || e.Kind == "correction"
		var x1, x2 float64
		switch {
		case start.IsZero():
			x1, x2 = tlLeft, x(end.Last())
		case end.IsZero() && !point:
			x1, x2 = x(start.First()), x(today.Last())
		case point:
			x1 = x(start.First())
			x2 = x1
		default:
			x1, x2 = x(start.First()), x(end.Last())
		}
		cls := "bar bar-" + e.Kind
		when := dateRange(e, point)
		label := fmt.Sprintf("%s: %s (%s)", kindWord(e), e.Summary, when)
		fmt.Fprintf(&b, `<g><title>%s</title>`, esc(label))
		if point {
			fmt.Fprintf(&b, `<path class="%s" d="M%.1f,%.1f l7,7 l-7,7 l-7,-7 z"/>`, cls, x1, y+10)
		} else {
			fmt.Fprintf(&b, `<rect class="%s" x="%.1f" y="%.1f" width="%.1f" height="9" rx="2"/>`, cls, x1, y+13, max(x2-x1, 3))
		}
		// The label goes right of the start, or left of the end near the
		// right edge.
		chars := int((tlW - x1 - tlRight) / 6.6)
		anchor, lx := "start", x1+(map[bool]float64{true: 10, false: 0}[point])
		if chars < 60 {
			anchor, lx = "end", max(x2, x1)-(map[bool]float64{true: 10, false: 0}[point])
			chars = int((lx - tlLeft) / 6.6)
		}
		fmt.Fprintf(&b, `<text class="ev-label" x="%.1f" y="%.1f" text-anchor="%s"><tspan class="ev-kind">%s</tspan> %s</text></g>`,
			lx, y+9, anchor, esc(strings.ToUpper(kindWord(e))), esc(clip(e.Summary+" · "+when, max(chars-len(kindWord(e)), 20))))
	}
	b.WriteString(`</svg>`)
	return timelineView{SVG: template.HTML(b.String())}
}

func dateRange(e service.Event, point bool) string {
	switch {
	case point:
		return e.Start.String()
	case e.Start.IsZero():
		return "until " + e.End.String()
	case e.End.IsZero():
		return "since " + e.Start.String()
	}
	return e.Start.String() + " – " + e.End.String()
}
