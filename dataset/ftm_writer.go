package dataset

import (
	"bufio"
	"encoding/json"
	"io"
	"slices"
	"strconv"

	"github.com/impartial/impartial"
)

// FtMWriter writes entities and relationships as FtM JSON lines that
// FtMReader reads back into the same records. Properties are written in key
// order, so equal records give equal bytes. What FtM has no place for
// (coverage, flags, identifier schemes without an FtM property, a
// relationship's capacity other than an ownership's) is not written;
// docs/format.md lists it.
type FtMWriter struct {
	w   *bufio.Writer
	enc *json.Encoder
}

// NewFtMWriter writes to w. Call Flush at the end.
func NewFtMWriter(w io.Writer) *FtMWriter {
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &FtMWriter{w: bw, enc: enc}
}

// Flush writes what is buffered.
func (w *FtMWriter) Flush() error { return w.w.Flush() }

type ftmOut struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
	Datasets   []string            `json:"datasets,omitempty"`
}

type props map[string][]string

func (p props) set(k string, vs ...string) {
	for _, v := range vs {
		if v != "" {
			p[k] = append(p[k], v)
		}
	}
}

// Write writes one entity or relationship; it returns false, and writes
// nothing, for records FtM has no schema for (contacts, matters, ...).
func (w *FtMWriter) Write(rec Record) (bool, error) {
	switch r := rec.(type) {
	case *impartial.Entity:
		return true, w.enc.Encode(ftmEntity(r))
	case *impartial.Relationship:
		for _, o := range ftmRelationship(r) {
			if err := w.enc.Encode(o); err != nil {
				return true, err
			}
		}
		return true, nil
	}
	return false, nil
}

func ftmEntity(e *impartial.Entity) ftmOut {
	p := props{}
	o := ftmOut{ID: e.ID, Properties: p, Datasets: splitSource(e.Source)}
	switch e.Kind {
	case impartial.Person:
		o.Schema = "Person"
	case impartial.Company:
		o.Schema = "Company"
	case impartial.GovernmentBody:
		o.Schema = "PublicBody"
	case impartial.Government:
		o.Schema = "PublicBody"
		p.set("classification", ftmGovernment)
	case impartial.CampaignOrganization:
		o.Schema = "Organization"
		p.set("classification", ftmCampaign)
	default:
		o.Schema = "Organization"
	}
	for _, f := range ftmFlags {
		if e.HasFlag(f.flag) {
			p.set(f.prop, f.value)
		}
	}
	p.set("name", e.Name)
	p.set("alias", e.Aliases...)
	for _, id := range e.Identifiers {
		if i := slices.IndexFunc(ftmIdentifiers, func(f struct{ prop, scheme string }) bool { return f.scheme == id.Scheme }); i >= 0 {
			p.set(ftmIdentifiers[i].prop, id.Value)
		}
	}
	for _, d := range e.BirthDates {
		p.set("birthDate", d.String())
	}
	p.set("nationality", e.Nationalities...)
	p.set("notes", e.Note)
	return o
}

// ftmRelationship returns the FtM entities of one relationship: the link,
// preceded for a position by the Position it occupies.
func ftmRelationship(r *impartial.Relationship) []ftmOut {
	p := props{}
	o := ftmOut{ID: r.ID, Properties: p, Datasets: splitSource(r.Source)}
	var out []ftmOut
	ends := func(schema string) {
		o.Schema = schema
		spec := ftmLinks[schema]
		p.set(spec.from, r.From)
		p.set(spec.to, r.To)
	}
	detail := r.Detail
	switch r.Type {
	case impartial.Ownership, impartial.Holding:
		ends("Ownership")
		p.set("role", r.Role)
		if r.Type == impartial.Holding {
			t := ftmHolding
			if r.Whose != "" && r.Whose != impartial.Self {
				t += ": " + string(r.Whose)
			}
			p.set("ownershipType", t, r.Capacity)
			if a := r.Amount; a != nil {
				p.set("sharesValue", formatAmount(a))
				p.set("sharesCurrency", a.Currency)
			}
			if r.Shares != nil {
				p.set("sharesCount", strconv.FormatFloat(*r.Shares, 'f', -1, 64))
			}
		} else {
			p.set("ownershipType", r.Capacity)
		}
		if r.Percent != nil {
			p.set("percentage", formatPercent(*r.Percent))
		}
	case impartial.Position:
		if r.Role == ftmDirector {
			ends("Directorship")
			p.set("role", detail)
			detail = ""
			break
		}
		post := r.ID + "-post"
		name := r.Role
		if name == "" {
			name = "position"
		}
		out = append(out, ftmOut{ID: post, Schema: "Position",
			Properties: props{"name": {name}, "organization": {r.To}}, Datasets: splitSource(r.Source)})
		o.Schema = "Occupancy"
		p.set("holder", r.From)
		p.set("post", post)
	case impartial.Family:
		ends("Family")
		p.set("relationship", r.Role)
	case impartial.Employment, impartial.Membership, impartial.Representation, impartial.Business:
		ends(map[impartial.RelType]string{impartial.Employment: "Employment", impartial.Membership: "Membership",
			impartial.Representation: "Representation", impartial.Business: "UnknownLink"}[r.Type])
		p.set("role", r.Role)
	default: // campaign, candidate, household, client
		ends("UnknownLink")
		role := string(r.Type)
		if r.Role != "" {
			role += ": " + r.Role
		}
		p.set("role", role)
	}
	p.set("description", detail)
	p.set("summary", r.Note)
	if !r.Start.IsZero() {
		p.set("startDate", r.Start.String())
	}
	if !r.End.IsZero() {
		p.set("endDate", r.End.String())
	}
	if r.Status != "" && r.Status != impartial.Reported {
		p.set("status", string(r.Status))
	}
	return append(out, o)
}
