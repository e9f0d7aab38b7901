package web

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/service"
)

// The finding graph: every explaining path of a finding merged into one
// drawing, drawn on the server as SVG. Columns are hops from the covered
// person (left) to the matter (right); each edge carries a number that the
// legend under the drawing explains in full, and a short label of its own
// (what it is, its dates, capacity and source). Outcomes are told by line
// style and by words, never by colour alone.

const (
	colW   = 390.0
	nodeW  = 190.0
	nodeH  = 92.0
	rowH   = 190.0
	margin = 24.0
	// top leaves room for the labels above the first row's edges.
	top    = 72.0
	plateW = 190.0
)

type gnode struct {
	id, kind, name string
	col, row       int
	// mid places the node halfway down the drawing (the matter, which
	// every path ends at).
	mid  bool
	ymid float64
}

type gedge struct {
	n        int // its number in the legend
	from, to *gnode
	lines    []string
	outcome  impartial.Outcome
	path     int
	title    string
}

// edgeNote is one legend entry: the full sentence behind an edge.
type edgeNote struct {
	N       int
	Path    int
	Outcome impartial.Outcome
	Text    string
	Match   *impartial.NameMatch
}

type graph struct {
	nodes []*gnode
	byID  map[string]*gnode
	edges []*gedge
	notes []edgeNote
	cols  int
	title string
}

func (g *graph) node(id, kind, name string, col int) *gnode {
	if n, ok := g.byID[id]; ok {
		return n
	}
	n := &gnode{id: id, kind: kind, name: name, col: col}
	g.byID[id] = n
	g.nodes = append(g.nodes, n)
	return n
}

// kindLabel names what a node is, in words.
func kindLabel(k string) string {
	switch impartial.EntityKind(k) {
	case impartial.Person:
		return "Person"
	case impartial.Organization:
		return "Organisation"
	case impartial.Company:
		return "Company"
	case impartial.Government:
		return "Government"
	case impartial.GovernmentBody:
		return "Government body"
	case impartial.CampaignOrganization:
		return "Campaign organisation"
	}
	if k == "matter" {
		return "Matter"
	}
	return "Entity"
}

func buildGraph(d *service.FindingDetail) *graph {
	f := d.Finding
	g := &graph{byID: map[string]*gnode{}, title: fmt.Sprintf("How %s is linked to the matter", orText(f.PersonName, f.Person))}
	kind := func(id string) string {
		if e := d.Entities[id]; e != nil {
			return string(e.Kind)
		}
		return ""
	}
	g.node(f.Person, string(impartial.Person), orText(f.PersonName, f.Person), 0)
	type pending struct {
		from, to string
		toName   string
		st       impartial.Step
		path     int
		outcome  impartial.Outcome
	}
	var steps []pending
	maxCol := 0
	for pi, p := range f.Paths {
		cur := f.Person
		for si, st := range p.Steps {
			var next, nextName string
			switch st.Kind {
			case impartial.StepParty, impartial.StepNameMatch:
				next, nextName = "\x00matter", orText(f.MatterTitle, f.Matter)
			default:
				next, nextName = st.To, st.ToName
				if st.To == cur {
					next, nextName = st.From, st.FromName
				}
				g.node(next, kind(next), orText(nextName, next), si+1)
				maxCol = max(maxCol, g.byID[next].col)
			}
			steps = append(steps, pending{from: cur, to: next, toName: nextName, st: st, path: pi + 1, outcome: p.Outcome})
			cur = next
		}
	}
	matter := g.node("\x00matter", "matter", orText(f.MatterTitle, f.Matter), maxCol+1)
	g.cols = matter.col + 1
	rows := make([]int, g.cols)
	maxRows := 1
	for _, n := range g.nodes {
		n.row = rows[n.col]
		rows[n.col]++
		maxRows = max(maxRows, rows[n.col])
	}
	matter.mid, matter.ymid = true, top+float64(maxRows-1)*rowH/2
	for i, p := range steps {
		e := &gedge{n: i + 1, from: g.byID[p.from], to: g.byID[p.to], outcome: p.outcome, path: p.path}
		e.lines, e.title = edgeLabel(p.st)
		g.edges = append(g.edges, e)
		g.notes = append(g.notes, edgeNote{N: e.n, Path: p.path, Outcome: p.outcome, Text: p.st.Explain(), Match: p.st.Match})
	}
	return g
}

// edgeLabel returns an edge's short label lines and its full title.
func edgeLabel(st impartial.Step) ([]string, string) {
	var what string
	switch st.Kind {
	case impartial.StepParty:
		what = words(string(st.PartyRole)) + " (party)"
	case impartial.StepNameMatch:
		score := 0.0
		if st.Match != nil {
			score = st.Match.Score
		}
		what = fmt.Sprintf("named party, match %.2f", score)
	case impartial.StepContact:
		what = "contact (meeting)"
	default:
		what = words(orText(st.Role, string(st.Type))) + " (" + words(string(st.Type)) + ")"
	}
	var when string
	switch {
	case st.Kind == impartial.StepContact:
		when = st.Date.String()
	case st.Start.IsZero() && st.End.IsZero():
		when = "dates not recorded"
	case st.End.IsZero():
		when = "from " + st.Start.String()
	case st.Start.IsZero():
		when = "until " + st.End.String()
	default:
		when = st.Start.String() + " – " + st.End.String()
	}
	var third []string
	if st.Capacity != "" {
		third = append(third, "capacity: "+st.Capacity)
	}
	third = append(third, "source: "+orText(st.Source, "not recorded"))
	return []string{what, when, strings.Join(third, "; ")}, st.Explain()
}

func (n *gnode) x() float64 { return margin + float64(n.col)*colW }
func (n *gnode) y() float64 {
	if n.mid {
		return n.ymid
	}
	return top + float64(n.row)*rowH
}

// clip shortens s to n runes, marking the cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// wrap breaks s into lines of at most n runes, at spaces, in at most max
// lines.
func wrap(s string, n, maxLines int) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(s) {
		switch {
		case cur == "":
			cur = w
		case len([]rune(cur))+1+len([]rune(w)) <= n:
			cur += " " + w
		default:
			lines = append(lines, cur)
			cur = w
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	if len(lines) > maxLines {
		lines = lines[:maxLines]
		lines[maxLines-1] = clip(lines[maxLines-1]+" …", n)
	}
	for i := range lines {
		lines[i] = clip(lines[i], n)
	}
	return lines
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// svg draws the graph.
func (g *graph) svg() template.HTML {
	maxRows := 1
	for _, n := range g.nodes {
		maxRows = max(maxRows, n.row+1)
	}
	w := margin*2 + float64(g.cols-1)*colW + nodeW
	h := top*2 + float64(maxRows-1)*rowH + nodeH
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="graph" viewBox="0 0 %.0f %.0f" width="%.0f" role="img" aria-labelledby="graph-title graph-desc" xmlns="http://www.w3.org/2000/svg">`, w, h, w)
	fmt.Fprintf(&b, `<title id="graph-title">%s</title>`, esc(g.title))
	var desc []string
	for _, e := range g.edges {
		desc = append(desc, fmt.Sprintf("%d: %s", e.n, e.title))
	}
	fmt.Fprintf(&b, `<desc id="graph-desc">%s. The numbered list below the drawing gives every link in full.</desc>`, esc(strings.Join(desc, " ")))
	b.WriteString(`<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>`)
	// Parallel edges between the same two nodes fan out.
	type pair struct{ a, b *gnode }
	count, seen := map[pair]int{}, map[pair]int{}
	for _, e := range g.edges {
		count[pair{e.from, e.to}]++
	}
	for _, e := range g.edges {
		p := pair{e.from, e.to}
		k := seen[p]
		seen[p]++
		off := (float64(k) - float64(count[p]-1)/2) * 80
		x1, y1 := e.from.x()+nodeW, e.from.y()+nodeH/2
		x2, y2 := e.to.x(), e.to.y()+nodeH/2
		if e.to.col <= e.from.col { // a link back within a column
			x1, x2 = e.from.x()+nodeW/2, e.to.x()+nodeW/2
			y1, y2 = e.from.y()+nodeH, e.to.y()
		}
		mx, my := (x1+x2)/2, (y1+y2)/2+off
		cls := "edge edge-" + string(e.outcome)
		fmt.Fprintf(&b, `<g class="%s"><title>%d. %s</title>`, cls, e.n, esc(e.title))
		fmt.Fprintf(&b, `<path d="M%.1f,%.1f Q%.1f,%.1f %.1f,%.1f" marker-end="url(#arrow)"/>`, x1, y1, mx, my+off*0.6, x2, y2)
		// The label sits beside the curve's middle, on a white plate: above
		// it, or below for the lower of a fanned-out pair.
		side := -1.0
		if off > 0 {
			side = 1
		}
		ly := (y1+y2)/2 + off*0.8 + side*32 - 19
		fmt.Fprintf(&b, `<rect class="edge-plate" x="%.1f" y="%.1f" width="%.0f" height="46" rx="4"/>`, mx-plateW/2, ly-4, plateW)
		fmt.Fprintf(&b, `<text class="edge-label" x="%.1f" y="%.1f" text-anchor="middle">`, mx, ly+8)
		for i, l := range e.lines {
			text := clip(l, 32)
			if i == 0 {
				text = fmt.Sprintf("%d. %s", e.n, clip(l, 28))
			}
			fmt.Fprintf(&b, `<tspan x="%.1f" dy="%d">%s</tspan>`, mx, map[bool]int{true: 0, false: 13}[i == 0], esc(text))
		}
		b.WriteString(`</text></g>`)
	}
	for _, n := range g.nodes {
		cls := "node node-" + n.kind
		if n.kind == "" {
			cls = "node"
		}
		fmt.Fprintf(&b, `<g class="%s"><title>%s: %s</title>`, cls, esc(kindLabel(n.kind)), esc(n.name))
		rx := 4.0
		if n.kind == string(impartial.Person) {
			rx = 28
		}
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.0f" height="%.0f" rx="%.0f"/>`, n.x(), n.y(), nodeW, nodeH, rx)
		if n.kind == "matter" {
			fmt.Fprintf(&b, `<rect class="inner" x="%.1f" y="%.1f" width="%.0f" height="%.0f" rx="2"/>`, n.x()+4, n.y()+4, nodeW-8, nodeH-8)
		}
		fmt.Fprintf(&b, `<text class="node-kind" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, n.x()+nodeW/2, n.y()+17, esc(strings.ToUpper(kindLabel(n.kind))))
		fmt.Fprintf(&b, `<text class="node-name" x="%.1f" y="%.1f" text-anchor="middle">`, n.x()+nodeW/2, n.y()+34)
		for i, l := range wrap(n.name, 23, 4) {
			fmt.Fprintf(&b, `<tspan x="%.1f" dy="%d">%s</tspan>`, n.x()+nodeW/2, map[bool]int{true: 0, false: 14}[i == 0], esc(l))
		}
		b.WriteString(`</text></g>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
