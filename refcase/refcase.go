// Package refcase holds impartial's reference case: the facts of the March
// 2017 recusal of the U.S. Attorney General from investigations relating to
// the 2016 presidential campaign, in impartial's own dataset format. The demo,
// the README walkthrough and the end-to-end tests are built on it.
//
// Sources, as each record's "source" says: "article" is the news report of
// 2 March 2017 on the recusal; "record" is the public record the article
// implies but does not date; "illustrative" marks invented records (the
// Gulfport Pharma matter) that exercise the system and are clearly fictional.
package refcase

import (
	"bytes"
	_ "embed"
	"io"

	"github.com/impartial/impartial"
)

// FileName is the name the reference case goes by in messages.
const FileName = "sessions-2017.jsonl"

//go:embed sessions-2017.jsonl
var data []byte

// Open returns the reference case in the dataset format.
func Open() io.Reader { return bytes.NewReader(data) }

// Recusal returns the recusal of 2 March 2017 as an ethics official records
// it: its scope, in the Attorney General's own words, reaches every pending
// or future investigation on the topic of the 2016 campaign, so that the
// Special Counsel investigation opened on 17 May 2017 is covered without the
// recusal being rewritten.
func Recusal() *impartial.Recusal {
	return &impartial.Recusal{
		ID:        "recusal-2017-03-02",
		Person:    "sessions",
		Effective: impartial.MustDate("2017-03-02"),
		Topics:    []string{"2016 presidential campaign"},
		Kinds:     []impartial.MatterKind{impartial.CriminalInvestigation, impartial.CivilInvestigation, impartial.Prosecution},
		ScopeText: "any pending or future investigations relating in any way to the 2016 campaign for president of the United States",
		Basis:     "political relationship with the Trump campaign, which he served as principal adviser and surrogate (28 CFR 45.2)",
		Rules:     []string{"doj-45.2-political"},
		Delegate:  "the Deputy Attorney General (acting: Dana J. Boente until 2017-04-25; then Rod J. Rosenstein)",
		Source:    "article",
	}
}

// Ethics is the ethics official who records the reference recusal in the
// demo and tests.
var Ethics = impartial.Actor{ID: "doj-ethics", Role: impartial.Ethics}
