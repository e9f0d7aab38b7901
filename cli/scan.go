package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/impartial/impartial/scan"
	"github.com/impartial/impartial/service"
)

func runScan(ctx context.Context, e *env, args []string) error {
	fs := e.flags("scan", "FILE|- [--json] [--accept N [--date D] [--as ROLE:ID]]",
		"Find mentions of known entities in a text (a news report, a filing, an intake form), with byte offsets,\n"+
			"across spellings, scripts and possessives; a name several entities bear (a family name alone) is one\n"+
			"mention of \"one of N\", with the first candidates and why; then the contacts and relationships the text may report\n"+
			"(two known entities in one sentence with a verb of meeting or a phrase of role, and a date nearby),\n"+
			"numbered. Nothing is written until one is accepted: --accept N records suggestion N, audited and\n"+
			"re-screened as any change. Text of any size is scanned for mentions; suggestions need it to be at most 16 MB.")
	asJSON := fs.Bool("json", false, `print JSON for programs: {"mentions": [...], "suggestions": [...]}`)
	accept := fs.Int("accept", 0, "record suggestion N of this text (a contact or relationship)")
	date := fs.String("date", "", "with --accept: the date, YYYY[-MM[-DD]], when the sentence gives none or another")
	as := actorFlag(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"give one file to scan, or - for standard input"}
	}
	if *date != "" && *accept == 0 {
		return usageError{"--date applies only with --accept"}
	}
	var r io.Reader = e.stdin
	if pos[0] != "-" {
		f, err := os.Open(pos[0])
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	actor, svc, done, err := e.open(ctx, *as)
	if err != nil {
		return err
	}
	defer done()
	// Suggestions need the whole text; a longer text is scanned as a stream
	// for mentions alone, and says so.
	head, err := io.ReadAll(io.LimitReader(r, service.MaxSuggestText+1))
	if err != nil {
		return err
	}
	whole := len(head) <= service.MaxSuggestText
	if *accept != 0 {
		if !whole {
			return usageError{fmt.Sprintf("--accept: the text is longer than the %d bytes analysed for suggestions", service.MaxSuggestText)}
		}
		a, err := svc.AcceptSuggestion(ctx, actor, string(head), pos[0], *accept, service.AcceptOptions{Date: *date})
		if err != nil {
			return err
		}
		if *asJSON {
			return json.NewEncoder(e.stdout).Encode(map[string]any{"accepted": a.Suggestion, "record": a.Record.Label(),
				"created": a.Import.Created, "updated": a.Import.Updated})
		}
		verb := "recorded"
		if !a.Import.Changed() {
			verb = "already recorded, unchanged:"
		}
		fmt.Fprintf(e.stdout, "%s %s: %s\n", verb, a.Record.Label(), describeSuggestion(a.Suggestion))
		return nil
	}
	w := bufio.NewWriter(e.stdout)
	defer w.Flush()
	if !whole {
		return streamScan(ctx, svc, w, io.MultiReader(bytes.NewReader(head), r), *asJSON)
	}
	ms, ss, err := svc.ScanSuggestions(ctx, actor, string(head))
	if err != nil {
		return err
	}
	if *asJSON {
		out := map[string]any{"mentions": ms, "suggestions": ss}
		if ms == nil {
			out["mentions"] = []scan.Mention{}
		}
		if ss == nil {
			out["suggestions"] = []scan.Suggestion{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	var tally mentionTally
	for _, m := range ms {
		tally.add(m)
		fmt.Fprintf(w, "  %6d-%-6d %-16s %-8s %q\n", m.Start, m.End, mentionWho(m), m.How, m.Surface)
	}
	names, err := svc.EntityNames(ctx, tally.order)
	if err != nil {
		return err
	}
	if err := tally.write(w, func(id string) string { return names[id] }); err != nil {
		return err
	}
	switch {
	case len(ss) == 0:
		fmt.Fprintln(w, "\nNo contacts or relationships suggested.")
	default:
		fmt.Fprintf(w, "\n%d suggestion(s); nothing is recorded until you accept one (scan FILE --accept N):\n", len(ss))
		for _, s := range ss {
			fmt.Fprintf(w, "  %d. %s\n     sentence at %d-%d: %q\n     why: %s\n", s.N, describeSuggestion(s), s.SentenceStart, s.SentenceEnd, s.Sentence, s.Why)
		}
	}
	return nil
}

// streamScan scans a text too long for suggestions and writes its
// mentions as they are found, then (as text) the count of each entity's
// and of each name several bear, holding only those counts.
func streamScan(ctx context.Context, svc *service.Service, w io.Writer, r io.Reader, asJSON bool) error {
	if asJSON {
		js := &mentionJSONStream{w: w}
		if _, _, err := svc.ScanNamed(ctx, r, js.add); err != nil {
			return err
		}
		return js.end(fmt.Sprintf("the text is longer than the %d bytes analysed for suggestions", service.MaxSuggestText))
	}
	var tally mentionTally
	var buf []byte
	_, name, err := svc.ScanNamed(ctx, r, func(m scan.Mention) error {
		tally.add(m)
		buf = appendMentionLine(buf, m)
		if len(buf) < 64<<10 {
			return nil
		}
		_, err := w.Write(buf)
		buf = buf[:0]
		return err
	})
	if err != nil {
		return err
	}
	if _, err := w.Write(buf); err != nil {
		return err
	}
	if err := tally.write(w, name); err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "\nNo suggestions: the text is longer than the %d bytes analysed for them.\n", service.MaxSuggestText)
	return err
}

// describeSuggestion says what a suggestion would record, by entity id.
func describeSuggestion(s scan.Suggestion) string {
	when := "no date (give --date when accepting)"
	if s.Kind != "contact" {
		when = "start not given"
	}
	if s.Date != "" {
		when = s.Date
	}
	if s.Kind == "contact" {
		return fmt.Sprintf("contact between %s and %s, %s", s.From, s.To, when)
	}
	role := ""
	if s.Role != "" {
		role = " " + s.Role
	}
	return fmt.Sprintf("%s relationship: %s is%s of %s, %s", s.Type, s.From, role, s.To, when)
}
