package dataset

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/impartial/impartial"
)

// maxLine bounds one record, so that a corrupt file cannot exhaust memory.
const maxLine = 16 << 20

// Record is one decoded record: an *impartial.Entity, *Relationship,
// *Contact, *Matter, *Statement or *Correction.
type Record interface {
	Label() string
	Validate() error
}

// LineError is an error about one line of a file: it names the file, the
// line, and (inside Err) the record, the field and the problem.
type LineError struct {
	File string
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// Reader reads records from a stream, one line at a time.
type Reader struct {
	file string
	sc   *bufio.Scanner
	line int
	// started: a non-blank line has been read (a header must be that one).
	started bool
}

// firstInvalid returns the offset of b's first byte that is not valid UTF-8.
func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// bom is the UTF-8 byte-order mark, which some editors put at the start.
var bom = []byte{0xEF, 0xBB, 0xBF}

// NewReader reads records from r; file names r in errors.
func NewReader(r io.Reader, file string) *Reader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	return &Reader{file: file, sc: sc}
}

// Line returns the line of the record Next returned last.
func (r *Reader) Line() int { return r.line }

// Next returns the next record, io.EOF at the end, or a *LineError. After a
// *LineError about a record's content the reader can go on to the next line;
// after any other error it cannot.
func (r *Reader) Next() (Record, error) {
	for r.sc.Scan() {
		r.line++
		b := bytes.TrimSpace(r.sc.Bytes())
		if len(b) == 0 {
			continue
		}
		first := !r.started
		r.started = true
		if bytes.HasPrefix(b, bom) {
			return nil, &LineError{File: r.file, Line: r.line, Err: errors.New(
				"starts with a byte-order mark (EF BB BF): save the file as UTF-8 without one")}
		}
		if !utf8.Valid(b) {
			// encoding/json would silently replace the bad bytes.
			return nil, &LineError{File: r.file, Line: r.line, Err: fmt.Errorf(
				"is not valid UTF-8 (the first bad byte is at column %d): save the file as UTF-8", firstInvalid(b)+1)}
		}
		rec, err := decode(b)
		if err != nil {
			return nil, &LineError{File: r.file, Line: r.line, Err: err}
		}
		if rec == nil { // the header
			if !first {
				return nil, &LineError{File: r.file, Line: r.line, Err: errors.New(
					"a format header is allowed only as the first line of a file (files joined together? import them one by one)")}
			}
			continue
		}
		return rec, nil
	}
	if err := r.sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("a line is longer than %d bytes", maxLine)
		}
		return nil, &LineError{File: r.file, Line: r.line + 1, Err: err}
	}
	return nil, io.EOF
}

func decode(b []byte) (Record, error) {
	if b[0] != '{' {
		return nil, errors.New(`not a JSON object: each line must be one record such as {"record": "entity", ...}`)
	}
	if kind, ok := leadingKind(b); ok {
		if rec, ok, err := decodeKind(kind, b); ok {
			return rec, err
		}
	}
	return decodeProbed(b)
}

// leadingKind reads the kind of record from a line that begins
// {"record":"KIND" (as the writer writes them), without decoding the line.
func leadingKind(b []byte) (string, bool) {
	const lead = `{"record":"`
	if !bytes.HasPrefix(b, []byte(lead)) {
		return "", false
	}
	rest := b[len(lead):]
	end := bytes.IndexByte(rest, '"')
	if end < 0 || bytes.IndexByte(rest[:end], '\\') >= 0 {
		return "", false
	}
	return string(rest[:end]), true
}

// decodeKind decodes a line of the kind its leading field says, in one
// strict pass: the first full decoding of every line, to read its kind
// and id, took a quarter of a PostgreSQL import's CPU with the strict
// one. It reports ok false, to be decoded by decodeProbed, when the line
// does not decode or says another kind further on (a repeated field): the
// problem is then reported as decodeProbed words it.
func decodeKind(kind string, b []byte) (rec Record, ok bool, err error) {
	switch kind {
	case "entity":
		var w entityJSON
		if !whole(b, &w) || w.Record != kind {
			return nil, false, nil
		}
		rec, err = w.domain()
	case "relationship":
		var w relationshipJSON
		if !whole(b, &w) || w.Record != kind {
			return nil, false, nil
		}
		rec, err = w.domain()
	case "contact":
		var w contactJSON
		if !whole(b, &w) || w.Record != kind {
			return nil, false, nil
		}
		rec, err = w.domain()
	case "matter":
		var w matterJSON
		if !whole(b, &w) || w.Record != kind {
			return nil, false, nil
		}
		rec, err = w.domain()
	case "statement":
		var w statementJSON
		if !whole(b, &w) || w.Record != kind {
			return nil, false, nil
		}
		rec, err = w.domain()
	case "correction":
		var w correctionJSON
		if !whole(b, &w) || w.Record != kind {
			return nil, false, nil
		}
		rec, err = w.domain()
	case "event":
		var w eventJSON
		if !whole(b, &w) || w.Record != kind {
			return nil, false, nil
		}
		rec, err = w.domain()
	default:
		return nil, false, nil
	}
	return rec, true, err
}

// decodeProbed decodes a line by first reading its kind and id, which
// name it in the problems reported.
func decodeProbed(b []byte) (Record, error) {
	var probe struct {
		Record string `json:"record"`
		ID     string `json:"id"`
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, jsonProblem("record", err)
	}
	label := fmt.Sprintf("%s %q", probe.Record, probe.ID)
	switch probe.Record {
	case "header":
		var h header
		if err := strict(b, &h); err != nil {
			return nil, jsonProblem("header", err)
		}
		if h.Format != FormatName || h.Version < 1 || h.Version > FormatVersion {
			return nil, fmt.Errorf("header: format %q version %d is not one this impartial reads (%s version %d)",
				h.Format, h.Version, FormatName, FormatVersion)
		}
		return nil, nil
	case "entity":
		var w entityJSON
		if err := strict(b, &w); err != nil {
			return nil, jsonProblem(label, err)
		}
		return w.domain()
	case "relationship":
		var w relationshipJSON
		if err := strict(b, &w); err != nil {
			return nil, jsonProblem(label, err)
		}
		return w.domain()
	case "contact":
		var w contactJSON
		if err := strict(b, &w); err != nil {
			return nil, jsonProblem(label, err)
		}
		return w.domain()
	case "matter":
		var w matterJSON
		if err := strict(b, &w); err != nil {
			return nil, jsonProblem(label, err)
		}
		return w.domain()
	case "statement":
		var w statementJSON
		if err := strict(b, &w); err != nil {
			return nil, jsonProblem(label, err)
		}
		return w.domain()
	case "correction":
		var w correctionJSON
		if err := strict(b, &w); err != nil {
			return nil, jsonProblem(label, err)
		}
		return w.domain()
	case "event":
		var w eventJSON
		if err := strict(b, &w); err != nil {
			return nil, jsonProblem(label, err)
		}
		return w.domain()
	case "":
		return nil, errors.New(`field "record" is required: say which kind of record the line is (entity, relationship, contact, matter, statement, correction, event)`)
	}
	return nil, fmt.Errorf(`field "record": %q is not a kind of record (want entity, relationship, contact, matter, statement, correction or event)`, probe.Record)
}

// whole decodes b, the whole of it, strictly, into v: it reports false
// where decodeProbed would report a problem of JSON (strict lets a '}' or ']'
// follow the value, which the probe refuses).
func whole(b []byte, v any) bool {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if dec.Decode(v) != nil {
		return false
	}
	for _, c := range b[dec.InputOffset():] {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

func strict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("more than one JSON value on the line")
	}
	return nil
}

// jsonProblem turns a decoding error into one that names the field.
func jsonProblem(label string, err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		if strings.HasPrefix(te.Value, "number") && strings.Contains(te.Type.String(), "int") {
			// A number with a fraction or exponent, or too big, where a
			// whole one is wanted (amounts are whole currency units).
			return &impartial.Error{Kind: impartial.Invalid, Record: label, Field: te.Field,
				Msg: fmt.Sprintf("%s is not a whole number (want e.g. 15001)", strings.TrimSpace(strings.TrimPrefix(te.Value, "number")))}
		}
		return &impartial.Error{Kind: impartial.Invalid, Record: label, Field: te.Field,
			Msg: fmt.Sprintf("is a JSON %s, want %s", te.Value, typeName(te.Type.String()))}
	case errors.As(err, &se):
		return &impartial.Error{Kind: impartial.Invalid, Record: label,
			Msg: fmt.Sprintf("malformed JSON at byte %d: %v", se.Offset, err)}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &impartial.Error{Kind: impartial.Invalid, Record: label, Field: f, Msg: "is not a field of this kind of record"}
	}
	return &impartial.Error{Kind: impartial.Invalid, Record: label, Msg: "malformed JSON", Err: err}
}

func typeName(goType string) string {
	switch {
	case strings.HasPrefix(goType, "[]"):
		return "a list"
	case strings.Contains(goType, "int"), strings.Contains(goType, "float"):
		return "a number"
	case goType == "bool":
		return "true or false"
	case strings.HasPrefix(goType, "dataset.") || strings.HasPrefix(goType, "*dataset.") || strings.HasPrefix(goType, "impartial.Amount"),
		strings.HasPrefix(goType, "*impartial.Amount"), strings.HasPrefix(goType, "impartial.Identifier"), strings.HasPrefix(goType, "impartial.MatterParty"):
		return "an object"
	}
	return "a string"
}

// dates parses named date fields of one record, collecting every problem.
type dates struct {
	label string
	p     impartial.Problems
}

func (d *dates) parse(field, s string) impartial.Date {
	v, err := impartial.ParseDate(s)
	if err != nil {
		d.p = append(d.p, impartial.FieldError(d.label, field, "%v", err))
	}
	return v
}

func (w *entityJSON) domain() (Record, error) {
	e := &impartial.Entity{ID: w.ID, Kind: w.Kind, Name: w.Name, Aliases: w.Aliases, Identifiers: w.Identifiers,
		Flags: w.Flags, Nationalities: w.Nationalities, Source: w.Source, Note: w.Note}
	d := dates{label: e.Label()}
	for i, s := range w.BirthDates {
		e.BirthDates = append(e.BirthDates, d.parse(fmt.Sprintf("birth_dates[%d]", i), s))
	}
	if c := w.Coverage; c != nil {
		e.Coverage = &impartial.Coverage{Regime: c.Regime, Position: c.Position, Forum: c.Forum, Appointee: c.Appointee,
			Pledge: d.parse("coverage.pledge", c.Pledge),
			Span:   impartial.Span{Start: d.parse("coverage.start", c.Start), End: d.parse("coverage.end", c.End)}}
	}
	e.Normalize()
	return e, d.p.Err()
}

func (w *relationshipJSON) domain() (Record, error) {
	r := &impartial.Relationship{ID: w.ID, From: w.From, To: w.To, Type: w.Type, Role: w.Role, Detail: w.Detail,
		Capacity: w.Capacity, Whose: w.Whose, Amount: w.Amount, Percent: w.Percent, Shares: w.Shares, Status: w.Status,
		Source: w.Source, Note: w.Note}
	d := dates{label: r.Label()}
	r.Start, r.End, r.ValuedOn = d.parse("start", w.Start), d.parse("end", w.End), d.parse("valued_on", w.ValuedOn)
	r.Normalize()
	return r, d.p.Err()
}

func (w *contactJSON) domain() (Record, error) {
	c := &impartial.Contact{ID: w.ID, Participants: w.Participants, Place: w.Place, Context: w.Context,
		Capacity: w.Capacity, CapacityDetail: w.CapacityDetail, ReportedBy: w.ReportedBy, Status: w.Status,
		StatusDetail: w.StatusDetail, Source: w.Source, Note: w.Note}
	d := dates{label: c.Label()}
	c.Date, c.ReportedOn = d.parse("date", w.Date), d.parse("reported_on", w.ReportedOn)
	c.Normalize()
	return c, d.p.Err()
}

func (w *matterJSON) domain() (Record, error) {
	m := &impartial.Matter{ID: w.ID, Title: w.Title, Kind: w.Kind, Confidential: w.Confidential, Topics: w.Topics,
		Parties: w.Parties, Team: w.Team, Forum: w.Forum, Related: w.Related, Participants: w.Participants, Source: w.Source, Note: w.Note}
	d := dates{label: m.Label()}
	m.Opened, m.Closed = d.parse("opened", w.Opened), d.parse("closed", w.Closed)
	m.Normalize()
	return m, d.p.Err()
}

func (w *statementJSON) domain() (Record, error) {
	s := &impartial.Statement{ID: w.ID, By: w.By, Kind: w.Kind, Forum: w.Forum, Sworn: w.Sworn,
		QuestionBy: w.QuestionBy, Question: w.Question, Text: w.Text, Source: w.Source, Note: w.Note}
	d := dates{label: s.Label()}
	s.Date = d.parse("date", w.Date)
	for i, a := range w.Assertions {
		f := fmt.Sprintf("assertions[%d].", i)
		s.Assertions = append(s.Assertions, impartial.Assertion{Kind: a.Kind, Text: a.Text, Subject: a.Subject,
			About: a.About, From: d.parse(f+"from", a.From), To: d.parse(f+"to", a.To)})
	}
	return s, d.p.Err()
}

func (w *correctionJSON) domain() (Record, error) {
	c := &impartial.Correction{ID: w.ID, Statement: w.Statement, Form: w.Form, Text: w.Text, Source: w.Source}
	d := dates{label: c.Label()}
	c.Date = d.parse("date", w.Date)
	return c, d.p.Err()
}

func (w *eventJSON) domain() (Record, error) {
	e := &impartial.Event{ID: w.ID, Kind: w.Kind, Holding: w.Holding, Action: w.Action, Shares: w.Shares, All: w.All,
		Amount: w.Amount, Entity: w.Entity, Into: w.Into, Percent: w.Percent, Ratio: w.Ratio, Consideration: w.Consideration,
		Subsidiaries: w.Subsidiaries, Status: w.Status, Source: w.Source, Note: w.Note}
	d := dates{label: e.Label()}
	e.Date = d.parse("date", w.Date)
	e.Normalize()
	return e, d.p.Err()
}

// Kinds lists the kinds of record, as they are named in "record".
var Kinds = []string{"entity", "relationship", "contact", "matter", "statement", "correction", "event"}

// DecodeAs decodes one record of the kind from JSON, as strictly as a line
// of a file: unknown fields, wrong types and a second value are errors that
// name the field. The "record" member may be left out; if given, it must
// name the kind.
func DecodeAs(kind string, b []byte) (Record, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		return nil, impartial.FieldError(kind, "", "the body must be one JSON object")
	}
	var probe struct {
		Record *string `json:"record"`
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, jsonProblem(kind, err)
	}
	if probe.Record == nil {
		b = append([]byte(fmt.Sprintf(`{"record":%q,`, kind)), bytes.TrimSpace(b[1:])...)
		if bytes.Equal(b[len(b)-2:], []byte(",}")) { // the body was {}
			b = append(b[:len(b)-2], '}')
		}
	} else if *probe.Record != kind {
		return nil, impartial.FieldError(kind, "record", "%q does not match this route's kind of record, %s", *probe.Record, kind)
	}
	return decode(b)
}

// WireSample returns a zero value of the kind's wire form, for describing
// it (the OpenAPI document's schemas); nil for an unknown kind.
func WireSample(kind string) any {
	switch kind {
	case "entity":
		return entityJSON{}
	case "relationship":
		return relationshipJSON{}
	case "contact":
		return contactJSON{}
	case "matter":
		return matterJSON{}
	case "statement":
		return statementJSON{}
	case "correction":
		return correctionJSON{}
	case "event":
		return eventJSON{}
	}
	return nil
}
