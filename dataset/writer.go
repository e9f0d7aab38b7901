package dataset

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"github.com/impartial/impartial"
)

// Writer writes records in the format Reader reads.
type Writer struct {
	w   *bufio.Writer
	enc *json.Encoder
}

// NewWriter writes to w, starting with the header line. Call Flush at the end.
func NewWriter(w io.Writer) (*Writer, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	wr := &Writer{w: bw, enc: enc}
	return wr, enc.Encode(header{Record: "header", Format: FormatName, Version: FormatVersion})
}

// Flush writes what is buffered.
func (w *Writer) Flush() error { return w.w.Flush() }

// Write writes one record.
func (w *Writer) Write(rec Record) error {
	v, err := Wire(rec)
	if err != nil {
		return err
	}
	return w.enc.Encode(v)
}

// Wire returns the record as it is written: a value whose JSON encoding is
// the record's line in the format, and the body the HTTP API sends and takes.
func Wire(rec Record) (any, error) {
	var v any
	switch r := rec.(type) {
	case *impartial.Entity:
		e := entityJSON{Record: "entity", ID: r.ID, Kind: r.Kind, Name: r.Name, Aliases: r.Aliases,
			Identifiers: r.Identifiers, Flags: r.Flags, Nationalities: r.Nationalities, Source: r.Source, Note: r.Note}
		for _, b := range r.BirthDates {
			e.BirthDates = append(e.BirthDates, b.String())
		}
		if c := r.Coverage; c != nil {
			e.Coverage = &coverageJSON{Regime: c.Regime, Position: c.Position, Forum: c.Forum, Appointee: c.Appointee,
				Pledge: c.Pledge.String(), Start: c.Start.String(), End: c.End.String()}
		}
		v = e
	case *impartial.Relationship:
		v = relationshipJSON{Record: "relationship", ID: r.ID, From: r.From, Type: r.Type, To: r.To, Role: r.Role,
			Detail: r.Detail, Capacity: r.Capacity, Start: r.Start.String(), End: r.End.String(), Whose: r.Whose,
			Amount: r.Amount, Percent: r.Percent, Shares: r.Shares, ValuedOn: r.ValuedOn.String(), Status: r.Status,
			Source: r.Source, Note: r.Note}
	case *impartial.Contact:
		v = contactJSON{Record: "contact", ID: r.ID, Participants: r.Participants, Date: r.Date.String(),
			Place: r.Place, Context: r.Context, Capacity: r.Capacity, CapacityDetail: r.CapacityDetail,
			ReportedBy: r.ReportedBy, ReportedOn: r.ReportedOn.String(), Status: r.Status,
			StatusDetail: r.StatusDetail, Source: r.Source, Note: r.Note}
	case *impartial.Matter:
		v = matterJSON{Record: "matter", ID: r.ID, Title: r.Title, Kind: r.Kind, Opened: r.Opened.String(),
			Closed: r.Closed.String(), Confidential: r.Confidential, Topics: r.Topics, Parties: r.Parties,
			Team: r.Team, Forum: r.Forum, Related: r.Related, Participants: r.Participants, Source: r.Source, Note: r.Note}
	case *impartial.Statement:
		s := statementJSON{Record: "statement", ID: r.ID, By: r.By, Kind: r.Kind, Date: r.Date.String(),
			Forum: r.Forum, Sworn: r.Sworn, QuestionBy: r.QuestionBy, Question: r.Question, Text: r.Text,
			Source: r.Source, Note: r.Note}
		for _, a := range r.Assertions {
			s.Assertions = append(s.Assertions, assertionJSON{Kind: a.Kind, Text: a.Text, Subject: a.Subject,
				About: a.About, From: a.From.String(), To: a.To.String()})
		}
		v = s
	case *impartial.Correction:
		v = correctionJSON{Record: "correction", ID: r.ID, Statement: r.Statement, Date: r.Date.String(),
			Form: r.Form, Text: r.Text, Source: r.Source}
	case *impartial.Event:
		v = eventJSON{Record: "event", ID: r.ID, Kind: r.Kind, Date: r.Date.String(), Holding: r.Holding, Action: r.Action,
			Shares: r.Shares, All: r.All, Amount: r.Amount, Entity: r.Entity, Into: r.Into, Percent: r.Percent, Ratio: r.Ratio,
			Consideration: r.Consideration, Subsidiaries: r.Subsidiaries, Status: r.Status, Source: r.Source, Note: r.Note}
	default:
		return nil, fmt.Errorf("write: %T is not a record of the format", rec)
	}
	return v, nil
}
