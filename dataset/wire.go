// Package dataset reads and writes impartial's interchange format: JSON
// Lines, one record a line, each naming its kind in "record". A line at a
// time so that a million-entity file streams in bounded memory, and so that
// every error can name the line it is on. docs/format.md describes it.
package dataset

import (
	"github.com/impartial/impartial"
)

// FormatName and FormatVersion are written in the optional header line.
const (
	FormatName    = "impartial-records"
	FormatVersion = 1
)

type header struct {
	Record  string `json:"record"`
	Format  string `json:"format"`
	Version int    `json:"version"`
}

type coverageJSON struct {
	Regime    impartial.Regime `json:"regime"`
	Position  string           `json:"position,omitempty"`
	Forum     string           `json:"forum,omitempty"`
	Appointee bool             `json:"appointee,omitempty"`
	Pledge    string           `json:"pledge,omitempty"`
	Start     string           `json:"start,omitempty"`
	End       string           `json:"end,omitempty"`
}

type entityJSON struct {
	Record        string                 `json:"record"`
	ID            string                 `json:"id"`
	Kind          impartial.EntityKind   `json:"kind"`
	Name          string                 `json:"name"`
	Aliases       []string               `json:"aliases,omitempty"`
	Identifiers   []impartial.Identifier `json:"identifiers,omitempty"`
	Flags         []impartial.Flag       `json:"flags,omitempty"`
	Coverage      *coverageJSON          `json:"coverage,omitempty"`
	BirthDates    []string               `json:"birth_dates,omitempty"`
	Nationalities []string               `json:"nationalities,omitempty"`
	Source        string                 `json:"source,omitempty"`
	Note          string                 `json:"note,omitempty"`
}

type relationshipJSON struct {
	Record   string            `json:"record"`
	ID       string            `json:"id"`
	From     string            `json:"from"`
	Type     impartial.RelType `json:"type"`
	To       string            `json:"to"`
	Role     string            `json:"role,omitempty"`
	Detail   string            `json:"detail,omitempty"`
	Capacity string            `json:"capacity,omitempty"`
	Start    string            `json:"start,omitempty"`
	End      string            `json:"end,omitempty"`
	Whose    impartial.Whose   `json:"whose,omitempty"`
	Amount   *impartial.Amount `json:"amount,omitempty"`
	Percent  *float64          `json:"percent,omitempty"`
	Shares   *float64          `json:"shares,omitempty"`
	ValuedOn string            `json:"valued_on,omitempty"`
	Status   impartial.Status  `json:"status,omitempty"`
	Source   string            `json:"source,omitempty"`
	Note     string            `json:"note,omitempty"`
}

type eventJSON struct {
	Record        string                `json:"record"`
	ID            string                `json:"id"`
	Kind          impartial.EventKind   `json:"kind"`
	Date          string                `json:"date"`
	Holding       string                `json:"holding,omitempty"`
	Action        impartial.TradeAction `json:"action,omitempty"`
	Shares        *float64              `json:"shares,omitempty"`
	All           bool                  `json:"all,omitempty"`
	Amount        *impartial.Amount     `json:"amount,omitempty"`
	Entity        string                `json:"entity,omitempty"`
	Into          string                `json:"into,omitempty"`
	Percent       *float64              `json:"percent,omitempty"`
	Ratio         *float64              `json:"ratio,omitempty"`
	Consideration string                `json:"consideration,omitempty"`
	Subsidiaries  []string              `json:"subsidiaries,omitempty"`
	Status        impartial.Status      `json:"status,omitempty"`
	Source        string                `json:"source,omitempty"`
	Note          string                `json:"note,omitempty"`
}

type contactJSON struct {
	Record         string             `json:"record"`
	ID             string             `json:"id"`
	Participants   []string           `json:"participants"`
	Date           string             `json:"date"`
	Place          string             `json:"place,omitempty"`
	Context        string             `json:"context,omitempty"`
	Capacity       impartial.Capacity `json:"capacity,omitempty"`
	CapacityDetail string             `json:"capacity_detail,omitempty"`
	ReportedBy     string             `json:"reported_by,omitempty"`
	ReportedOn     string             `json:"reported_on,omitempty"`
	Status         impartial.Status   `json:"status,omitempty"`
	StatusDetail   string             `json:"status_detail,omitempty"`
	Source         string             `json:"source,omitempty"`
	Note           string             `json:"note,omitempty"`
}

type matterJSON struct {
	Record       string                  `json:"record"`
	ID           string                  `json:"id"`
	Title        string                  `json:"title"`
	Kind         impartial.MatterKind    `json:"kind"`
	Opened       string                  `json:"opened"`
	Closed       string                  `json:"closed,omitempty"`
	Confidential bool                    `json:"confidential,omitempty"`
	Topics       []string                `json:"topics,omitempty"`
	Parties      []impartial.MatterParty `json:"parties,omitempty"`
	Team         []string                `json:"team,omitempty"`
	Forum        string                  `json:"forum,omitempty"`
	Related      []impartial.MatterLink  `json:"related,omitempty"`
	Participants []impartial.Participant `json:"participants,omitempty"`
	Source       string                  `json:"source,omitempty"`
	Note         string                  `json:"note,omitempty"`
}

type assertionJSON struct {
	Kind    impartial.AssertionKind `json:"kind"`
	Text    string                  `json:"text"`
	Subject string                  `json:"subject,omitempty"`
	About   string                  `json:"about,omitempty"`
	From    string                  `json:"from,omitempty"`
	To      string                  `json:"to,omitempty"`
}

type statementJSON struct {
	Record     string                  `json:"record"`
	ID         string                  `json:"id"`
	By         string                  `json:"by"`
	Kind       impartial.StatementKind `json:"kind"`
	Date       string                  `json:"date"`
	Forum      string                  `json:"forum,omitempty"`
	Sworn      bool                    `json:"sworn,omitempty"`
	QuestionBy string                  `json:"question_by,omitempty"`
	Question   string                  `json:"question,omitempty"`
	Text       string                  `json:"text"`
	Assertions []assertionJSON         `json:"assertions,omitempty"`
	Source     string                  `json:"source,omitempty"`
	Note       string                  `json:"note,omitempty"`
}

type correctionJSON struct {
	Record    string `json:"record"`
	ID        string `json:"id"`
	Statement string `json:"statement"`
	Date      string `json:"date"`
	Form      string `json:"form,omitempty"`
	Text      string `json:"text"`
	Source    string `json:"source,omitempty"`
}
