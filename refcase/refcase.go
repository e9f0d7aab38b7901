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
)

// FileName is the name the reference case goes by in messages.
const FileName = "sessions-2017.jsonl"

//go:embed sessions-2017.jsonl
var data []byte

// Open returns the reference case in the dataset format.
func Open() io.Reader { return bytes.NewReader(data) }
