package dataset

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/impartial/impartial"
)

// FtMOptions tunes an FtMReader.
type FtMOptions struct {
	// Stored returns the stored entity with an id, or nil. It serves two
	// ends: a link whose end is not in the stream learns what that end is
	// (an Ownership whose owner is a person is a holding; without Stored, an
	// end not in the stream is taken for an organisation); and an entity
	// already stored keeps what FtM has no place for — its coverage, flags
	// and identifiers of schemes FtM has no property for — so that an FtM
	// file re-imported over a covered person does not end their screening.
	Stored func(id string) (*impartial.Entity, error)
	// StoredRelationship returns the stored relationship with an id, or nil:
	// a relationship already stored keeps what FtM has no place for — a
	// business relationship's amount, a capacity other than an ownership's.
	StoredRelationship func(id string) (*impartial.Relationship, error)
	// TempDir holds the stream's copy while it is read (default: the
	// system's temporary directory).
	TempDir string
	// Progress, if set, is called every 100,000 lines of the first pass,
	// which reads the stream before any record is returned.
	Progress func(lines int)
}

// Skip says why something in an FtM stream was not imported: its schema
// and the reason, e.g. {"Payment", "impartial has no record for this schema"}.
type Skip struct {
	Schema, Reason string
}

// FtMReader reads FollowTheMoney entities as impartial records: first every
// entity (persons, organisations, companies, public bodies, positions that
// name no organisation), then every relationship, so that a link may come
// before the entities it names, as FtM streams allow. It reads the stream
// three times: once to learn what each id is, which ids are merged into
// others (referents) and what each Position says, then once for entities
// and once for links. The stream is copied to a temporary file for that,
// so memory holds only a few bytes per id, not the records. Call Close at
// the end to remove the copy.
type FtMReader struct {
	src  io.Reader
	file string
	opt  FtMOptions

	pass   int // 0 before the first pass, 1 entities, 2 links, 3 done
	spool  *os.File
	sc     *bufio.Scanner
	line   int // line being read in this pass
	last   int // line of what Next returned last
	origin string

	// schemaOf holds, for every id of a schema other than a link's, its
	// hash with the low byte replaced by its schema's index+1 into
	// schemata, sorted after the first pass: 8 bytes an id, where a map
	// would take three or four times that.
	schemaOf  []uint64
	schemata  []string          // schema names seen, by index
	referents map[string]string // merged-away id → the id it was merged into
	positions map[string]ftmPosition
	skipped   map[Skip]int
}

type ftmPosition struct{ name, org string }

// NewFtMReader reads FtM JSON lines from r; file names r in errors.
func NewFtMReader(r io.Reader, file string, opt FtMOptions) *FtMReader {
	return &FtMReader{src: r, file: file, opt: opt, referents: map[string]string{},
		positions: map[string]ftmPosition{}, skipped: map[Skip]int{}}
}

// Line returns the line of the record or error Next returned last.
func (r *FtMReader) Line() int { return r.last }

// Origin returns the FtM schema of the record Next returned last.
func (r *FtMReader) Origin() string { return r.origin }

// Skipped counts what was read and deliberately not imported, and why.
func (r *FtMReader) Skipped() map[Skip]int { return r.skipped }

// Close removes the stream's temporary copy.
func (r *FtMReader) Close() error {
	if r.spool == nil {
		return nil
	}
	name := r.spool.Name()
	err := r.spool.Close()
	r.spool = nil
	return errors.Join(err, os.Remove(name))
}

// ftmWire is one line of an FtM stream. The OpenSanctions fields beyond
// id, schema and properties are read where they carry facts (caption,
// datasets, referents) and otherwise accepted and ignored (first_seen,
// last_seen, last_change, target), as are fields other producers add.
type ftmWire struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
	Caption    string              `json:"caption"`
	Datasets   []string            `json:"datasets"`
	Referents  []string            `json:"referents"`
}

func hashID(id string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(id))
	return h.Sum64()
}

// Next returns the next record, io.EOF at the end, or a *LineError about a
// line, after which the reader goes on with the next line. Any other error
// means the stream itself failed.
func (r *FtMReader) Next() (Record, error) {
	if r.pass == 0 {
		if err := r.survey(); err != nil {
			return nil, err
		}
		r.pass = 1
		if err := r.rewind(); err != nil {
			return nil, err
		}
	}
	for r.pass < 3 {
		if !r.sc.Scan() {
			if err := r.sc.Err(); err != nil {
				return nil, fmt.Errorf("read %s: %w", r.file, err)
			}
			r.pass++
			if r.pass == 3 {
				break
			}
			if err := r.rewind(); err != nil {
				return nil, err
			}
			continue
		}
		r.line++
		b := bytes.TrimSpace(r.sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var rec Record
		var err error
		if r.pass == 1 {
			rec, err = r.entityLine(b)
		} else {
			rec, err = r.linkLine(b)
		}
		if err != nil {
			r.last = r.line
			return nil, &LineError{File: r.file, Line: r.line, Err: err}
		}
		if rec != nil {
			r.last = r.line
			return rec, nil
		}
	}
	return nil, io.EOF
}

func (r *FtMReader) rewind() error {
	if _, err := r.spool.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("read %s: %w", r.file, err)
	}
	r.sc = bufio.NewScanner(bufio.NewReaderSize(r.spool, 256<<10))
	r.sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	r.line = 0
	return nil
}

// survey is the first pass: it copies the stream and learns each id's
// schema, the referents and the positions. Lines it cannot read are
// reported by the next pass.
func (r *FtMReader) survey() error {
	f, err := os.CreateTemp(r.opt.TempDir, "impartial-ftm-*.jsonl")
	if err != nil {
		return fmt.Errorf("read %s: a temporary copy: %w", r.file, err)
	}
	r.spool = f
	bw := bufio.NewWriterSize(f, 256<<10)
	sc := bufio.NewScanner(r.src)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	lines := 0
	index := map[string]uint8{}
	for sc.Scan() {
		b := sc.Bytes()
		if _, err := bw.Write(b); err != nil {
			return fmt.Errorf("read %s: a temporary copy: %w", r.file, err)
		}
		if err := bw.WriteByte('\n'); err != nil {
			return fmt.Errorf("read %s: a temporary copy: %w", r.file, err)
		}
		lines++
		if r.opt.Progress != nil && lines%100000 == 0 {
			r.opt.Progress(lines)
		}
		b = bytes.TrimSpace(b)
		if len(b) == 0 || b[0] != '{' {
			continue
		}
		var w struct {
			ID         string          `json:"id"`
			Schema     string          `json:"schema"`
			Referents  []string        `json:"referents"`
			Properties json.RawMessage `json:"properties"`
		}
		if json.Unmarshal(b, &w) != nil || w.ID == "" || w.Schema == "" {
			continue
		}
		if _, link := ftmLinks[w.Schema]; !link {
			i, ok := index[w.Schema]
			if !ok && len(r.schemata) < 255 {
				r.schemata = append(r.schemata, w.Schema)
				i = uint8(len(r.schemata))
				index[w.Schema] = i
			}
			r.schemaOf = append(r.schemaOf, hashID(w.ID)&^0xff|uint64(i))
		}
		for _, ref := range w.Referents {
			if ref != w.ID {
				if _, ok := r.referents[ref]; !ok {
					r.referents[ref] = w.ID
				}
			}
		}
		if w.Schema == "Position" {
			var props map[string][]string
			if json.Unmarshal(w.Properties, &props) == nil {
				r.positions[w.ID] = ftmPosition{name: first(props["name"]), org: first(props["organization"])}
			}
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return &LineError{File: r.file, Line: lines + 1, Err: fmt.Errorf("a line is longer than %d bytes", maxLine)}
		}
		return fmt.Errorf("read %s: %w", r.file, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("read %s: a temporary copy: %w", r.file, err)
	}
	slices.Sort(r.schemaOf)
	r.schemaOf = slices.Clip(r.schemaOf)
	return nil
}

func first(vs []string) string {
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// schemaNamed returns the schema the stream gives id, or "" when the
// stream has no such id or it is a link's.
func (r *FtMReader) schemaNamed(id string) string {
	h := hashID(id) &^ 0xff
	j, _ := slices.BinarySearch(r.schemaOf, h)
	if j < len(r.schemaOf) && r.schemaOf[j]&^0xff == h {
		if i := r.schemaOf[j] & 0xff; i > 0 {
			return r.schemata[i-1]
		}
	}
	return ""
}

func (r *FtMReader) resolve(id string) string {
	if c, ok := r.referents[id]; ok {
		return c
	}
	return id
}

// decodeFtM decodes one line, naming the field of any problem.
func decodeFtM(b []byte) (*ftmWire, error) {
	if b[0] != '{' {
		return nil, errors.New(`not a JSON object: each line must be one FtM entity such as {"id": "...", "schema": "Person", "properties": {...}}`)
	}
	var w ftmWire
	if err := json.Unmarshal(b, &w); err != nil {
		var probe struct {
			ID any `json:"id"`
		}
		_ = json.Unmarshal(b, &probe)
		label := "FtM entity"
		if id, ok := probe.ID.(string); ok && id != "" {
			label = fmt.Sprintf("FtM entity %q", id)
		}
		return nil, propertyProblem(b, label, err)
	}
	label := fmt.Sprintf("FtM entity %q", w.ID)
	var p impartial.Problems
	if strings.TrimSpace(w.ID) == "" {
		p = append(p, impartial.FieldError(label, "id", "is required"))
	}
	if strings.TrimSpace(w.Schema) == "" {
		p = append(p, impartial.FieldError(label, "schema", "is required: say which FtM schema the entity has (Person, Company, Ownership, ...)"))
	}
	return &w, p.Err()
}

// propertyProblem names the property whose values are not a list of
// strings, which the decoder reports only as "properties".
func propertyProblem(b []byte, label string, err error) error {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) || te.Field != "properties" {
		return jsonProblem(label, err)
	}
	var w struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if json.Unmarshal(b, &w) != nil {
		return &impartial.Error{Kind: impartial.Invalid, Record: label, Field: "properties",
			Msg: `is not an object of lists of strings, such as {"name": ["..."]}`}
	}
	keys := make([]string, 0, len(w.Properties))
	for k := range w.Properties {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		var vs []string
		if json.Unmarshal(w.Properties[k], &vs) != nil {
			return &impartial.Error{Kind: impartial.Invalid, Record: label, Field: "properties." + k,
				Msg: "is not a list of strings: every FtM property is a list, such as [\"...\"]"}
		}
	}
	return jsonProblem(label, err)
}

// entityLine reads a line in the entity pass.
func (r *FtMReader) entityLine(b []byte) (Record, error) {
	w, err := decodeFtM(b)
	if err != nil {
		return nil, err
	}
	kind, isEntity := ftmEntityKinds[w.Schema]
	if w.Schema == "Position" {
		if pos := r.positions[w.ID]; pos.org != "" {
			r.skip(w.Schema, "read into the Occupancy relationships that name it (it names its organization)")
			return nil, nil
		}
		kind, isEntity = impartial.GovernmentBody, true
	}
	if !isEntity {
		if _, link := ftmLinks[w.Schema]; !link {
			r.skip(w.Schema, "impartial has no record for this schema")
		}
		return nil, nil
	}
	if into, ok := r.referents[w.ID]; ok {
		r.skip(w.Schema, fmt.Sprintf("merged into another entity that lists it among its referents (e.g. %q)", into))
		return nil, nil
	}
	r.origin = w.Schema
	e, err := w.entity(kind)
	if err != nil || r.opt.Stored == nil {
		return e, err
	}
	old, err := r.opt.Stored(e.ID)
	if err != nil || old == nil {
		return e, err
	}
	// FtM can add a flag but not take one away.
	e.Coverage, e.Flags = old.Coverage, append(e.Flags, old.Flags...)
	for _, id := range old.Identifiers {
		if !slices.ContainsFunc(ftmIdentifiers, func(f struct{ prop, scheme string }) bool { return f.scheme == id.Scheme }) {
			e.Identifiers = append(e.Identifiers, id)
		}
	}
	// FtM groups identifiers by property; the same set keeps the stored order.
	if len(e.Identifiers) == len(old.Identifiers) && !slices.ContainsFunc(e.Identifiers, func(i impartial.Identifier) bool {
		return !slices.Contains(old.Identifiers, i)
	}) {
		e.Identifiers = old.Identifiers
	}
	e.Normalize()
	return e, nil
}

func (w *ftmWire) label() string { return fmt.Sprintf("entity %q", w.ID) }

func (w *ftmWire) values(prop string) []string {
	var out []string
	for _, v := range w.Properties[prop] {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func (w *ftmWire) entity(kind impartial.EntityKind) (*impartial.Entity, error) {
	e := &impartial.Entity{ID: w.ID, Kind: kind, Source: strings.Join(w.Datasets, ", "),
		Note: strings.Join(w.values("notes"), "\n")}
	classes := w.values("classification")
	switch {
	case w.Schema == "PublicBody" && containsFold(classes, ftmGovernment):
		e.Kind = impartial.Government
	case w.Schema == "Organization" && containsFold(classes, ftmCampaign):
		e.Kind = impartial.CampaignOrganization
	}
	var names []string
	add := func(vs ...string) {
		for _, v := range vs {
			if v != "" && !slices.Contains(names, v) {
				names = append(names, v)
			}
		}
	}
	add(w.values("name")...)
	if len(names) == 0 {
		add(strings.TrimSpace(w.Caption))
	}
	var parts []string
	for _, p := range []string{"firstName", "secondName", "middleName", "fatherName", "lastName"} {
		if v := first(w.values(p)); v != "" {
			parts = append(parts, v)
		}
	}
	add(strings.Join(parts, " "))
	add(w.values("alias")...)
	add(w.values("previousName")...)
	add(w.values("weakAlias")...)
	if len(names) == 0 {
		return nil, impartial.FieldError(w.label(), "properties.name",
			"is required: the %s has no name, alias, name parts or caption", w.Schema)
	}
	e.Name, e.Aliases = names[0], names[1:]
	for _, f := range ftmFlags {
		if containsFold(w.values(f.prop), f.value) {
			e.Flags = append(e.Flags, f.flag)
		}
	}
	seen := map[impartial.Identifier]bool{}
	for _, id := range ftmIdentifiers {
		for _, v := range w.values(id.prop) {
			i := impartial.Identifier{Scheme: id.scheme, Value: v}
			if !seen[i] {
				seen[i] = true
				e.Identifiers = append(e.Identifiers, i)
			}
		}
	}
	var p impartial.Problems
	if kind == impartial.Person {
		for _, v := range w.values("birthDate") {
			d, err := ftmDate(v)
			if err != nil {
				p = append(p, impartial.FieldError(w.label(), "properties.birthDate", "%v", err))
				continue
			}
			e.BirthDates = append(e.BirthDates, d)
		}
		e.Nationalities = append(w.values("nationality"), w.values("citizenship")...)
	}
	e.Normalize()
	return e, p.Err()
}

func containsFold(vs []string, s string) bool {
	return slices.ContainsFunc(vs, func(v string) bool { return strings.EqualFold(v, s) })
}

func (r *FtMReader) skip(schema, reason string) { r.skipped[Skip{schema, reason}]++ }

// linkLine reads a line in the link pass. Lines that are not links, and
// lines the entity pass already reported, are passed over.
func (r *FtMReader) linkLine(b []byte) (Record, error) {
	if b[0] != '{' {
		return nil, nil
	}
	var w ftmWire
	if json.Unmarshal(b, &w) != nil || strings.TrimSpace(w.ID) == "" || strings.TrimSpace(w.Schema) == "" {
		return nil, nil
	}
	spec, ok := ftmLinks[w.Schema]
	if !ok {
		return nil, nil
	}
	label := fmt.Sprintf("relationship %q", w.ID)
	var p impartial.Problems
	end := func(prop string) string {
		v := first(w.Properties[prop])
		if v == "" {
			p = append(p, impartial.FieldError(label, "properties."+prop, "is required: the %s names no %s", w.Schema, prop))
		}
		return r.resolve(v)
	}
	from, to := end(spec.from), end(spec.to)
	if err := p.Err(); err != nil {
		return nil, err
	}
	rel := &impartial.Relationship{ID: w.ID, From: from, To: to, Type: spec.typ,
		Detail: strings.Join(w.values("description"), "; "), Note: strings.Join(w.values("summary"), "; "),
		Source: strings.Join(w.Datasets, ", ")}
	for _, s := range w.values("status") {
		switch st := impartial.Status(strings.ToLower(s)); st {
		case impartial.Confirmed, impartial.Disputed:
			rel.Status = st
		}
	}
	// Occupancy: the post is a Position, which says what the position is
	// and, if it does, in which organisation.
	if w.Schema == "Occupancy" {
		pos, ok := r.positions[to]
		if !ok {
			if s := r.schemaNamed(to); s != "" {
				r.skip(w.Schema, fmt.Sprintf("its post is a %s, not a Position", s))
				return nil, nil
			}
			return nil, impartial.FieldError(label, "properties.post", "refers to Position %q, which is not in the file", to)
		}
		rel.Role = pos.name
		if pos.org != "" {
			rel.To = r.resolve(pos.org)
		}
	}
	// An end of a schema impartial does not import (a Vessel owned, an
	// Address) takes the link with it.
	for _, side := range []struct{ prop, id string }{{spec.from, rel.From}, {spec.to, rel.To}} {
		s := r.schemaNamed(side.id)
		if _, ok := ftmEntityKinds[s]; s != "" && !ok && s != "Position" {
			r.skip(w.Schema, fmt.Sprintf("its %s is a %s, which impartial does not import", side.prop, s))
			return nil, nil
		}
	}
	switch w.Schema {
	case "Ownership":
		if err := r.ownership(&w, rel, &p); err != nil {
			return nil, err
		}
	case "Directorship":
		rel.Role = ftmDirector
		if role := strings.Join(w.values("role"), "; "); role != "" {
			rel.Detail = joinNonEmpty("; ", role, rel.Detail)
		}
	case "Family":
		text := first(w.values("relationship"))
		rel.Role = familyRole(text)
		if rel.Detail == "" && text != "" && !strings.EqualFold(text, rel.Role) {
			rel.Detail = text
		}
	case "Associate":
		rel.Role = strings.Join(w.values("relationship"), "; ")
		if rel.Role == "" {
			rel.Role = "associate"
		}
	case "UnknownLink":
		rel.Role = strings.Join(w.values("role"), "; ")
		for _, t := range ftmPrefixed {
			if rest, ok := strings.CutPrefix(rel.Role, string(t)); ok && (rest == "" || strings.HasPrefix(rest, ": ")) {
				rel.Type, rel.Role = t, strings.TrimPrefix(rest, ": ")
				break
			}
		}
	case "Occupancy":
	default:
		rel.Role = strings.Join(w.values("role"), "; ")
	}
	r.span(&w, rel, &p)
	if r.opt.StoredRelationship != nil {
		old, err := r.opt.StoredRelationship(rel.ID)
		if err != nil {
			return nil, err
		}
		if old != nil && old.Type == rel.Type {
			if rel.Amount == nil && rel.Type == impartial.Business {
				rel.Amount = old.Amount
			}
			if rel.Capacity == "" {
				rel.Capacity = old.Capacity
			}
			if rel.Type == impartial.Holding && rel.ValuedOn.IsZero() {
				rel.ValuedOn = old.ValuedOn // FtM has no valuation date
			}
		}
	}
	rel.Normalize()
	r.origin = w.Schema
	return rel, p.Err()
}

func joinNonEmpty(sep string, vs ...string) string {
	var out []string
	for _, v := range vs {
		if v != "" {
			out = append(out, v)
		}
	}
	return strings.Join(out, sep)
}

// ownership reads Ownership: parent and subsidiary, or, when the owner is a
// person or the ownership type says so, a holding.
func (r *FtMReader) ownership(w *ftmWire, rel *impartial.Relationship, p *impartial.Problems) error {
	label := rel.Label()
	rel.Role = strings.Join(w.values("role"), "; ")
	var types []string
	marked := false
	for _, t := range w.values("ownershipType") {
		if rest, ok := strings.CutPrefix(t, ftmHolding); ok && (rest == "" || strings.HasPrefix(rest, ": ")) && !marked {
			rel.Type, rel.Whose, marked = impartial.Holding, impartial.Whose(strings.TrimPrefix(rest, ": ")), true
			continue
		}
		types = append(types, t)
	}
	rel.Capacity = strings.Join(types, "; ")
	if !marked {
		person := r.schemaNamed(rel.From) == "Person"
		if r.schemaNamed(rel.From) == "" && r.opt.Stored != nil {
			old, err := r.opt.Stored(rel.From)
			if err != nil {
				return err
			}
			person = old != nil && old.Kind == impartial.Person
		}
		if person {
			rel.Type = impartial.Holding
		}
	}
	if v := first(w.values("percentage")); v != "" {
		pc, note, err := ftmPercent(v)
		if err != nil {
			*p = append(*p, impartial.FieldError(label, "properties.percentage", "%v", err))
		} else {
			rel.Percent = &pc
			if note != "" && !strings.Contains(rel.Detail, note) {
				rel.Detail = joinNonEmpty("; ", rel.Detail, note)
			}
		}
	}
	if rel.Type == impartial.Holding {
		if v := first(w.values("sharesValue")); v != "" {
			if lo, hi, ok := ftmAmount(v); ok {
				rel.Amount = &impartial.Amount{Min: lo, Max: hi, Currency: strings.ToUpper(first(w.values("sharesCurrency")))}
			} else {
				*p = append(*p, impartial.FieldError(label, "properties.sharesValue", "%q is not an amount (want a number or MIN-MAX)", v))
			}
		}
		if v := first(w.values("sharesCount")); v != "" {
			if n, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(v), ",", ""), 64); err == nil && n >= 0 && !math.IsInf(n, 0) {
				rel.Shares = &n
			} else {
				*p = append(*p, impartial.FieldError(label, "properties.sharesCount", "%q is not a number of shares", v))
			}
		}
	}
	return nil
}

// span reads the dates of an interval: the earliest start (startDate, else
// date) and the latest end.
func (r *FtMReader) span(w *ftmWire, rel *impartial.Relationship, p *impartial.Problems) {
	read := func(prop string, later bool) impartial.Date {
		var out impartial.Date
		for _, v := range w.values(prop) {
			d, err := ftmDate(v)
			if err != nil {
				*p = append(*p, impartial.FieldError(rel.Label(), "properties."+prop, "%v", err))
				continue
			}
			if out.IsZero() || (later && out.Before(d)) || (!later && d.Before(out)) {
				out = d
			}
		}
		return out
	}
	rel.Start = read("startDate", false)
	if rel.Start.IsZero() {
		rel.Start = read("date", false)
	}
	rel.End = read("endDate", true)
}
