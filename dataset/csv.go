package dataset

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/impartial/impartial"
)

// ColumnMap says how the columns of a spreadsheet (a disclosure form's
// holdings, a firm's client list) become records: each row gives an entity,
// a relationship, or both. Every value names a column of the header row;
// a value starting with "=" is a constant instead ("=company"). In a
// relationship, "@entity" stands for the id of the entity the same row
// gives. docs/format.md describes it with examples.
type ColumnMap struct {
	// The entity of each row. Leave Name empty for rows that give only a
	// relationship.
	ID            string            `json:"id,omitempty"` // default: the name, lower case, with dashes ("acme-corp")
	Kind          string            `json:"kind,omitempty"`
	Name          string            `json:"name,omitempty"`
	Aliases       []string          `json:"aliases,omitempty"`
	Identifiers   map[string]string `json:"identifiers,omitempty"` // scheme → column
	BirthDates    []string          `json:"birth_dates,omitempty"`
	Nationalities []string          `json:"nationalities,omitempty"`
	Source        string            `json:"source,omitempty"`
	Note          string            `json:"note,omitempty"`
	// Relationship, if set, makes each row also give a relationship.
	Relationship *RelColumns `json:"relationship,omitempty"`
	// Separator splits a cell of a list field (aliases, birth dates,
	// nationalities) into several values, e.g. ";". Default: no splitting.
	Separator string `json:"separator,omitempty"`
	// Delimiter separates the columns: "," (default), ";" or "\t".
	Delimiter string `json:"delimiter,omitempty"`
}

// RelColumns maps the columns of a relationship.
type RelColumns struct {
	ID       string `json:"id,omitempty"` // default: FROM.TYPE.TO
	From     string `json:"from"`
	Type     string `json:"type"`
	To       string `json:"to"`
	Role     string `json:"role,omitempty"`
	Detail   string `json:"detail,omitempty"`
	Capacity string `json:"capacity,omitempty"`
	Start    string `json:"start,omitempty"`
	End      string `json:"end,omitempty"`
	Whose    string `json:"whose,omitempty"`
	Amount   string `json:"amount,omitempty"` // "15001-50000", "$15,001 - $50,000" or "250000"
	Currency string `json:"currency,omitempty"`
	Percent  string `json:"percent,omitempty"`
	Status   string `json:"status,omitempty"`
	Source   string `json:"source,omitempty"`
	Note     string `json:"note,omitempty"`
}

// RowEntity is the value of a relationship's from or to that names the
// entity the same row gives.
const RowEntity = "@entity"

// ParseColumnMap reads a column map from JSON, rejecting unknown fields.
func ParseColumnMap(b []byte) (*ColumnMap, error) {
	var m ColumnMap
	if err := strict(b, &m); err != nil {
		return nil, jsonProblem("column map", err)
	}
	return &m, nil
}

// SetColumn sets one field of the map from the flag syntax FIELD=COLUMN:
// "name=Client Name", "kind==company", "aliases=AKA" (repeatable for list
// fields), "identifiers.lei=LEI", "relationship.from=@entity".
func (m *ColumnMap) SetColumn(spec string) error {
	field, col, ok := strings.Cut(spec, "=")
	field = strings.TrimSpace(field)
	if !ok || field == "" || col == "" {
		return fmt.Errorf("%q: want FIELD=COLUMN (or FIELD==CONSTANT)", spec)
	}
	if scheme, ok := strings.CutPrefix(field, "identifiers."); ok && scheme != "" {
		if m.Identifiers == nil {
			m.Identifiers = map[string]string{}
		}
		m.Identifiers[scheme] = col
		return nil
	}
	if rf, ok := strings.CutPrefix(field, "relationship."); ok {
		if m.Relationship == nil {
			m.Relationship = &RelColumns{}
		}
		p := m.Relationship.field(rf)
		if p == nil {
			return fmt.Errorf("%q: %q is not a relationship field (want one of %s)", spec, rf, strings.Join(relFields, ", "))
		}
		*p = col
		return nil
	}
	switch field {
	case "aliases":
		m.Aliases = append(m.Aliases, col)
	case "birth_dates":
		m.BirthDates = append(m.BirthDates, col)
	case "nationalities":
		m.Nationalities = append(m.Nationalities, col)
	case "separator":
		m.Separator = col
	case "delimiter":
		m.Delimiter = col
	default:
		p := m.field(field)
		if p == nil {
			return fmt.Errorf("%q: %q is not a field of the column map (want id, kind, name, aliases, identifiers.SCHEME, birth_dates, nationalities, source, note, separator, delimiter or relationship.FIELD)", spec, field)
		}
		*p = col
	}
	return nil
}

func (m *ColumnMap) field(name string) *string {
	switch name {
	case "id":
		return &m.ID
	case "kind":
		return &m.Kind
	case "name":
		return &m.Name
	case "source":
		return &m.Source
	case "note":
		return &m.Note
	}
	return nil
}

var relFields = []string{"id", "from", "type", "to", "role", "detail", "capacity", "start", "end", "whose", "amount", "currency", "percent", "status", "source", "note"}

func (r *RelColumns) field(name string) *string {
	switch name {
	case "id":
		return &r.ID
	case "from":
		return &r.From
	case "type":
		return &r.Type
	case "to":
		return &r.To
	case "role":
		return &r.Role
	case "detail":
		return &r.Detail
	case "capacity":
		return &r.Capacity
	case "start":
		return &r.Start
	case "end":
		return &r.End
	case "whose":
		return &r.Whose
	case "amount":
		return &r.Amount
	case "currency":
		return &r.Currency
	case "percent":
		return &r.Percent
	case "status":
		return &r.Status
	case "source":
		return &r.Source
	case "note":
		return &r.Note
	}
	return nil
}

// CSVReader reads the rows of a CSV file as records, by a ColumnMap. The
// first row is the header. Each row is read as it comes: memory does not
// grow with the file.
type CSVReader struct {
	file   string
	m      *ColumnMap
	cr     *csv.Reader
	col    map[string]int // header → index
	queue  []Record
	line   int
	last   int
	failed bool // the header or the map is wrong: nothing more is read
}

// NewCSVReader reads CSV from r by m; file names r in errors.
func NewCSVReader(r io.Reader, file string, m *ColumnMap) *CSVReader {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	switch m.Delimiter {
	case ";":
		cr.Comma = ';'
	case "\t", `\t`, "tab":
		cr.Comma = '\t'
	}
	return &CSVReader{file: file, m: m, cr: cr}
}

// Line returns the line of the row Next returned a record or error of last.
func (r *CSVReader) Line() int { return r.last }

func (r *CSVReader) lineErr(line int, err error) error {
	r.last = line
	return &LineError{File: r.file, Line: line, Err: err}
}

// Next returns the next record, io.EOF at the end, or a *LineError about a
// row (or, on line 1, about the header and the map, after which nothing
// more is read).
func (r *CSVReader) Next() (Record, error) {
	if len(r.queue) > 0 {
		rec := r.queue[0]
		r.queue = r.queue[1:]
		return rec, nil
	}
	if r.failed {
		return nil, io.EOF
	}
	if r.col == nil {
		if err := r.header(); err != nil {
			r.failed = true
			return nil, r.lineErr(1, err)
		}
	}
	for {
		row, err := r.cr.Read()
		if errors.Is(err, io.EOF) {
			return nil, io.EOF
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			r.failed = true // the rest of the file cannot be trusted to split into the same rows
			return nil, r.lineErr(pe.Line, fmt.Errorf("malformed CSV: %v", pe.Err))
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", r.file, err)
		}
		line, _ := r.cr.FieldPos(0)
		if blank(row) {
			continue
		}
		recs, err := r.row(row)
		if err != nil {
			return nil, r.lineErr(line, err)
		}
		r.last = line
		r.queue = recs[1:]
		return recs[0], nil
	}
}

func blank(row []string) bool {
	return !slices.ContainsFunc(row, func(c string) bool { return strings.TrimSpace(c) != "" })
}

// header reads the header row and checks that every column the map names
// is in it.
func (r *CSVReader) header() error {
	row, err := r.cr.Read()
	if errors.Is(err, io.EOF) {
		return errors.New("the file is empty: want a header row naming the columns")
	}
	if err != nil {
		return fmt.Errorf("header: %v", err)
	}
	r.col = map[string]int{}
	for i, h := range row {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if _, dup := r.col[h]; !dup && h != "" {
			r.col[h] = i
		}
	}
	m := r.m
	var p impartial.Problems
	check := func(field, col string) {
		if col == "" || strings.HasPrefix(col, "=") || col == RowEntity {
			return
		}
		if _, ok := r.col[col]; !ok {
			p = append(p, impartial.FieldError("column map", field, "names column %q, which the header does not have (it has %s)",
				col, quoteAll(row)))
		}
	}
	if m.Name == "" && m.Relationship == nil {
		p = append(p, impartial.FieldError("column map", "name", "is required: say which column holds the entity's name (or map a relationship)"))
	}
	if m.Name != "" && m.Kind == "" {
		p = append(p, impartial.FieldError("column map", "kind", `is required: a column, or a constant such as "=person"`))
	}
	for f, c := range map[string]string{"id": m.ID, "kind": m.Kind, "name": m.Name, "source": m.Source, "note": m.Note} {
		check(f, c)
	}
	for _, list := range []struct {
		f  string
		cs []string
	}{{"aliases", m.Aliases}, {"birth_dates", m.BirthDates}, {"nationalities", m.Nationalities}} {
		for i, c := range list.cs {
			check(fmt.Sprintf("%s[%d]", list.f, i), c)
		}
	}
	for _, s := range slices.Sorted(maps.Keys(m.Identifiers)) {
		check("identifiers."+s, m.Identifiers[s])
	}
	if rc := m.Relationship; rc != nil {
		for _, f := range relFields {
			check("relationship."+f, *rc.field(f))
		}
		for _, f := range []string{"from", "type", "to"} {
			if *rc.field(f) == "" {
				p = append(p, impartial.FieldError("column map", "relationship."+f, "is required"))
			}
		}
		if (rc.From == RowEntity || rc.To == RowEntity) && m.Name == "" {
			p = append(p, impartial.FieldError("column map", "relationship", "names %s, but the map gives rows no entity (no name)", RowEntity))
		}
	}
	slices.SortFunc(p, func(a, b *impartial.Error) int { return strings.Compare(a.Field, b.Field) })
	return p.Err()
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(strings.TrimSpace(strings.TrimPrefix(s, "\ufeff")))
	}
	return strings.Join(q, ", ")
}

// cell returns the value a map entry gives for a row: a constant, or the
// trimmed cell of its column.
func (r *CSVReader) cell(row []string, spec string) string {
	if c, ok := strings.CutPrefix(spec, "="); ok {
		return c
	}
	i, ok := r.col[spec]
	if spec == "" || !ok || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}

// cells returns the values of list columns, split by the separator.
func (r *CSVReader) cells(row []string, specs []string) []string {
	var out []string
	for _, s := range specs {
		v := r.cell(row, s)
		parts := []string{v}
		if r.m.Separator != "" {
			parts = strings.Split(v, r.m.Separator)
		}
		for _, p := range parts {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

var nonSlug = regexp.MustCompile(`[^\p{L}\p{N}]+`)

// slug makes an id of a name: "Acme Corp." → "acme-corp".
func slug(s string) string {
	return strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(s), "-"), "-")
}

// columnOf returns the column a record field comes from, for messages.
func (r *CSVReader) columnOf(field string, rel bool) string {
	base := field
	if i := strings.IndexAny(base, "[."); i >= 0 {
		base = base[:i]
	}
	var spec string
	idx := -1
	if i := strings.IndexByte(field, '['); i >= 0 {
		idx, _ = strconv.Atoi(strings.TrimSuffix(field[i+1:], "]"))
	}
	if rel {
		if base == "percent" || base == "amount" || base == "whose" || base == "status" || base == "start" || base == "end" ||
			base == "from" || base == "to" || base == "type" || base == "role" || base == "id" {
			spec = *r.m.Relationship.field(base)
		}
	} else {
		switch base {
		case "id", "kind", "name":
			spec = *r.m.field(base)
		case "aliases", "birth_dates", "nationalities":
			list := map[string][]string{"aliases": r.m.Aliases, "birth_dates": r.m.BirthDates, "nationalities": r.m.Nationalities}[base]
			if len(list) == 1 || (idx >= 0 && idx < len(list) && r.m.Separator == "") {
				spec = list[max(0, min(idx, len(list)-1))]
			}
		}
	}
	if spec == "" || strings.HasPrefix(spec, "=") || spec == RowEntity {
		return ""
	}
	return spec
}

// withColumns rewrites the problems of a record so that each names the
// column it comes from.
func (r *CSVReader) withColumns(err error, rel bool) error {
	var p impartial.Problems
	if !errors.As(err, &p) {
		return err
	}
	out := make(impartial.Problems, len(p))
	for i, e := range p {
		c := *e
		if col := r.columnOf(e.Field, rel); col != "" {
			c.Msg = fmt.Sprintf("column %q: %s", col, e.Msg)
		}
		out[i] = &c
	}
	return out
}

// row turns one row into its records, each validated, with problems that
// name their columns.
func (r *CSVReader) row(row []string) ([]Record, error) {
	m := r.m
	var recs []Record
	var probs impartial.Problems
	entityID := ""
	if m.Name != "" {
		e := &impartial.Entity{Kind: impartial.EntityKind(strings.ToLower(r.cell(row, m.Kind))), Name: r.cell(row, m.Name),
			Aliases: r.cells(row, m.Aliases), Nationalities: r.cells(row, m.Nationalities),
			Source: r.cell(row, m.Source), Note: r.cell(row, m.Note)}
		e.ID = r.cell(row, m.ID)
		if m.ID == "" {
			e.ID = slug(e.Name)
		}
		for _, s := range slices.Sorted(maps.Keys(m.Identifiers)) {
			if v := r.cell(row, m.Identifiers[s]); v != "" {
				e.Identifiers = append(e.Identifiers, impartial.Identifier{Scheme: s, Value: v})
			}
		}
		for i, v := range r.cells(row, m.BirthDates) {
			d, err := impartial.ParseDate(v)
			if err != nil {
				probs = append(probs, impartial.FieldError(e.Label(), fmt.Sprintf("birth_dates[%d]", i), "%v", err))
				continue
			}
			e.BirthDates = append(e.BirthDates, d)
		}
		e.Normalize()
		if err := errors.Join(probs.Err(), e.Validate()); err != nil {
			return nil, r.withColumns(flatten(err), false)
		}
		entityID = e.ID
		recs = append(recs, e)
	}
	if rc := m.Relationship; rc != nil {
		end := func(spec string) string {
			if spec == RowEntity {
				return entityID
			}
			return r.cell(row, spec)
		}
		rel := &impartial.Relationship{From: end(rc.From), To: end(rc.To), Type: impartial.RelType(strings.ToLower(r.cell(row, rc.Type))),
			Role: r.cell(row, rc.Role), Detail: r.cell(row, rc.Detail), Capacity: r.cell(row, rc.Capacity),
			Whose: impartial.Whose(strings.ToLower(r.cell(row, rc.Whose))), Status: impartial.Status(strings.ToLower(r.cell(row, rc.Status))),
			Source: r.cell(row, rc.Source), Note: r.cell(row, rc.Note)}
		rel.ID = r.cell(row, rc.ID)
		if rc.ID == "" {
			rel.ID = fmt.Sprintf("%s.%s.%s", rel.From, rel.Type, rel.To)
		}
		var p impartial.Problems
		label := rel.Label()
		date := func(field, spec string) impartial.Date {
			d, err := impartial.ParseDate(r.cell(row, spec))
			if err != nil {
				p = append(p, impartial.FieldError(label, field, "%v", err))
			}
			return d
		}
		rel.Start, rel.End = date("start", rc.Start), date("end", rc.End)
		if v := r.cell(row, rc.Percent); v != "" {
			pc, _, err := ftmPercent(v)
			if err != nil {
				p = append(p, impartial.FieldError(label, "percent", "%v", err))
			} else {
				rel.Percent = &pc
			}
		}
		if v := r.cell(row, rc.Amount); v != "" {
			lo, hi, ok := ftmAmount(strings.NewReplacer("$", "", "€", "", "£", "", " ", "").Replace(v))
			if !ok {
				p = append(p, impartial.FieldError(label, "amount", "%q is not an amount (want a number or MIN-MAX, e.g. 15001-50000)", v))
			} else {
				rel.Amount = &impartial.Amount{Min: lo, Max: hi, Currency: strings.ToUpper(r.cell(row, rc.Currency))}
			}
		}
		rel.Normalize()
		if err := errors.Join(p.Err(), rel.Validate()); err != nil {
			return nil, r.withColumns(flatten(err), true)
		}
		recs = append(recs, rel)
	}
	return recs, nil
}

// flatten joins the problems of errors.Join into one Problems.
func flatten(err error) error {
	var out impartial.Problems
	var walk func(error)
	walk = func(e error) {
		switch v := e.(type) {
		case impartial.Problems:
			out = append(out, v...)
		case *impartial.Error:
			out = append(out, v)
		case interface{ Unwrap() []error }:
			for _, x := range v.Unwrap() {
				walk(x)
			}
		default:
			out = append(out, &impartial.Error{Kind: impartial.Invalid, Msg: e.Error()})
		}
	}
	walk(err)
	return out.Err()
}
