package cli

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/impartial/impartial/names"
)

const namesUsage = `usage: impartial names SUBCOMMAND [flags]

Subcommands:
  compare NAME1 NAME2 [--schema Person|Company|Organization|LegalEntity|Vessel]
        score two names and explain the score part by part
  eval --in PAIRS.csv [--out SCORED.csv] [--misses MISSES.csv] [--schema SCHEMA] [--half dev|holdout]
        score labelled name pairs and report precision, recall and F1,
        overall and per set and schema

Run "impartial names SUBCOMMAND -h" for the flags of a subcommand.
`

// runNames runs `impartial names SUBCOMMAND`.
func runNames(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, namesUsage)
		return errors.New("names: missing subcommand (compare or eval)")
	}
	switch args[0] {
	case "compare":
		return runNamesCompare(ctx, stdout, stderr, args[1:])
	case "eval":
		return runNamesEval(ctx, stdout, stderr, args[1:])
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, namesUsage)
		return nil
	}
	fmt.Fprint(stderr, namesUsage)
	return fmt.Errorf("names: unknown subcommand %q (want compare or eval)", args[0])
}

// interleavedArgs moves flags (and their values) before positional
// arguments, so that `compare A B --schema Company` parses like
// `compare --schema Company A B`. A lone "--" ends flag parsing.
func interleavedArgs(fs *flag.FlagSet, args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			pos = append(pos, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		f := fs.Lookup(name)
		if f == nil {
			continue // flag.Parse reports it
		}
		if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
			continue
		}
		if i+1 < len(args) {
			flags = append(flags, args[i+1])
			i++
		}
	}
	return append(append(flags, "--"), pos...)
}

// parseSchemaFlag validates a --schema value.
func parseSchemaFlag(v string) (names.Schema, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "person", "company", "organization", "organisation", "legalentity", "vessel":
		return names.ParseSchema(v), nil
	}
	return "", fmt.Errorf("unknown schema %q (want Person, Company, Organization, LegalEntity or Vessel)", v)
}

func runNamesCompare(_ context.Context, stdout, stderr io.Writer, args []string) error {
	fs := flag.NewFlagSet("impartial names compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	schema := fs.String("schema", "Person", "kind of entity: Person, Company, Organization, LegalEntity or Vessel")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: impartial names compare NAME1 NAME2 [--schema SCHEMA]")
		fmt.Fprintln(fs.Output(), "\nScores two names from 0 to 1, says whether they match (a person matched by\nname only goes to review) and explains which part matched which.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(interleavedArgs(fs, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("names compare: %w", err)
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return fmt.Errorf("names compare: want exactly two names, got %d", fs.NArg())
	}
	s, err := parseSchemaFlag(*schema)
	if err != nil {
		return fmt.Errorf("names compare: --schema: %w", err)
	}
	r := names.Compare(fs.Arg(0), fs.Arg(1), s)
	fmt.Fprintf(stdout, "score: %.2f\ndecision: %s\n%s\n", r.Score, r.Decision, r.Explain())
	return nil
}

// evalRow is one parsed input row.
type evalRow struct {
	line     int
	fields   []string
	name1    string
	name2    string
	schema   names.Schema
	hasLabel bool
	label    bool
	result   names.Result
	set      string // the value of the set column, if any
	// hasSchemaCol says the input had a schema column, so that results are
	// reported per schema.
	hasSchemaCol bool
}

func runNamesEval(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := flag.NewFlagSet("impartial names eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "input CSV with a header containing name1 and name2, optionally schema and match (true/false)")
	out := fs.String("out", "", "output CSV: every input column plus score and match_predicted (optional)")
	schema := fs.String("schema", "LegalEntity", "schema for rows without a schema column")
	misses := fs.String("misses", "", "output CSV of the wrongly decided pairs (false negatives and false positives) with score and explanation (optional)")
	half := fs.String("half", "", `score only one half of the rows, chosen by a hash of the two names: "dev" or "holdout" (optional)`)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: impartial names eval --in PAIRS.csv [--out SCORED.csv] [--misses MISSES.csv] [--schema SCHEMA] [--half dev|holdout]")
		fmt.Fprintln(fs.Output(), "\nScores each pair of names. Where the input has match labels, prints\nprecision, recall, F1 and the counts, overall and per value of the set and\nschema columns when the input has them, and the wrongly decided pairs.\n--half keeps a fixed half of the rows (by a hash of name1 and name2), so\nthat weights tuned on one half can be checked on the other.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(interleavedArgs(fs, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("names eval: %w", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("names eval: unexpected argument %q", fs.Arg(0))
	}
	if *in == "" {
		fs.Usage()
		return errors.New("names eval: --in is required")
	}
	defSchema, err := parseSchemaFlag(*schema)
	if err != nil {
		return fmt.Errorf("names eval: --schema: %w", err)
	}
	if *half != "" && *half != "dev" && *half != "holdout" {
		return fmt.Errorf("names eval: --half: want dev or holdout, got %q", *half)
	}
	f, err := os.Open(*in)
	if err != nil {
		return fmt.Errorf("names eval: %w", err)
	}
	defer f.Close()
	header, rows, err := readPairs(ctx, f, *in, defSchema)
	if err != nil {
		return err
	}
	if *half != "" {
		rows = halfOf(rows, *half)
	}
	for i := range rows {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		rows[i].result = names.Compare(rows[i].name1, rows[i].name2, rows[i].schema)
	}
	if *out != "" {
		if err := writeScored(*out, header, rows); err != nil {
			return fmt.Errorf("names eval: --out: %w", err)
		}
	}
	if *misses != "" {
		if err := writeMisses(*misses, rows); err != nil {
			return fmt.Errorf("names eval: --misses: %w", err)
		}
	}
	printEvalSummary(stdout, rows)
	return nil
}

// halfOf keeps the rows of one half: "dev" those whose names hash to an
// even number, "holdout" the others. The hash is of the two names only, so
// that a row stays in its half whatever else the file holds.
func halfOf(rows []evalRow, half string) []evalRow {
	out := rows[:0]
	for _, r := range rows {
		h := fnv.New32a()
		h.Write([]byte(r.name1))
		h.Write([]byte{0})
		h.Write([]byte(r.name2))
		if (h.Sum32()%2 == 0) == (half == "dev") {
			out = append(out, r)
		}
	}
	return out
}

// readPairs reads and validates the whole input before anything is scored,
// naming the line and the problem of the first bad row.
func readPairs(ctx context.Context, r io.Reader, path string, defSchema names.Schema) ([]string, []evalRow, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 0
	header, err := cr.Read()
	if err == io.EOF {
		return nil, nil, fmt.Errorf("names eval: %s: empty file, want a header with name1 and name2", path)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("names eval: %s: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := col[h]; dup && h != "" {
			return nil, nil, fmt.Errorf("names eval: %s line 1: column %q appears twice", path, h)
		}
		col[h] = i
	}
	i1, ok1 := col["name1"]
	i2, ok2 := col["name2"]
	if !ok1 || !ok2 {
		return nil, nil, fmt.Errorf("names eval: %s line 1: header must contain name1 and name2, got %s", path, strings.Join(header, ","))
	}
	iS, hasSchema := col["schema"]
	iSet, hasSet := col["set"]
	iM, hasMatch := col["match"]
	var rows []evalRow
	for {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, nil, fmt.Errorf("names eval: %s line %d: %v", path, pe.StartLine, pe.Err)
			}
			return nil, nil, fmt.Errorf("names eval: %s: %w", path, err)
		}
		line, _ := cr.FieldPos(0)
		row := evalRow{line: line, fields: rec, schema: defSchema}
		if hasSet {
			row.set = strings.TrimSpace(rec[iSet])
		}
		row.hasSchemaCol = hasSchema
		row.name1 = strings.TrimSpace(rec[i1])
		row.name2 = strings.TrimSpace(rec[i2])
		if row.name1 == "" {
			return nil, nil, fmt.Errorf("names eval: %s line %d: name1 is empty", path, line)
		}
		if row.name2 == "" {
			return nil, nil, fmt.Errorf("names eval: %s line %d: name2 is empty", path, line)
		}
		if hasSchema && strings.TrimSpace(rec[iS]) != "" {
			s, err := parseSchemaFlag(rec[iS])
			if err != nil {
				return nil, nil, fmt.Errorf("names eval: %s line %d: schema: %v", path, line, err)
			}
			row.schema = s
		}
		if hasMatch {
			v := strings.TrimSpace(rec[iM])
			switch strings.ToLower(v) {
			case "":
			case "true":
				row.hasLabel, row.label = true, true
			case "false":
				row.hasLabel, row.label = true, false
			default:
				return nil, nil, fmt.Errorf("names eval: %s line %d: match must be true or false, got %q", path, line, v)
			}
		}
		rows = append(rows, row)
	}
	return header, rows, nil
}

// writeScored writes each pair with its score and predicted decision.
func writeScored(path string, header []string, rows []evalRow) error {
	out := make([][]string, 0, len(rows))
	for _, r := range rows {
		out = append(out, append(append([]string{}, r.fields...), strconv.FormatFloat(r.result.Score, 'f', 4, 64), strconv.FormatBool(r.result.Match)))
	}
	return writeCSVAtomic(path, append(append([]string{}, header...), "score", "match_predicted"), out)
}

// writeCSVAtomic writes a CSV file to a temporary file beside path and
// renames it into place, so that a failure never leaves a half-written file.
func writeCSVAtomic(path string, header []string, records [][]string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".eval-*.csv")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	w := csv.NewWriter(tmp)
	err = w.Write(header)
	if err == nil {
		err = w.WriteAll(records) // WriteAll flushes
	}
	if err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// evalCounts tallies decisions against labels.
type evalCounts struct{ tp, fp, fn, tn int }

func (c *evalCounts) add(r evalRow) {
	switch {
	case r.label && r.result.Match:
		c.tp++
	case r.label:
		c.fn++
	case r.result.Match:
		c.fp++
	default:
		c.tn++
	}
}

// prf returns precision, recall and F1; a ratio with nothing to count is 0.
func (c evalCounts) prf() (float64, float64, float64) {
	ratio := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return float64(a) / float64(b)
	}
	p, r := ratio(c.tp, c.tp+c.fp), ratio(c.tp, c.tp+c.fn)
	f1 := 0.0
	if p+r > 0 {
		f1 = 2 * p * r / (p + r)
	}
	return p, r, f1
}

// printEvalSummary prints counts and, for labelled rows, precision, recall,
// F1 (overall, per set and per schema when the input has those columns)
// and the wrongly decided pairs.
func printEvalSummary(w io.Writer, rows []evalRow) {
	var all evalCounts
	labelled := 0
	var wrong []evalRow
	bySet := map[string]*evalCounts{}
	bySchema := map[string]*evalCounts{}
	var sets, schemas []string
	tally := func(m map[string]*evalCounts, keys *[]string, k string, r evalRow) {
		c, ok := m[k]
		if !ok {
			c = &evalCounts{}
			m[k] = c
			*keys = append(*keys, k)
		}
		c.add(r)
	}
	hasSet, hasSchema := false, false
	for _, r := range rows {
		if !r.hasLabel {
			continue
		}
		labelled++
		all.add(r)
		if r.label != r.result.Match {
			wrong = append(wrong, r)
		}
		if r.set != "" {
			hasSet = true
		}
		if r.hasSchemaCol {
			hasSchema = true
		}
		tally(bySet, &sets, r.set, r)
		tally(bySchema, &schemas, string(r.schema), r)
	}
	fmt.Fprintf(w, "pairs: %d, labelled: %d\n", len(rows), labelled)
	if labelled == 0 {
		return
	}
	p, r, f1 := all.prf()
	fmt.Fprintf(w, "true positives: %d, false positives: %d, false negatives: %d, true negatives: %d\n", all.tp, all.fp, all.fn, all.tn)
	fmt.Fprintf(w, "precision: %.3f\nrecall: %.3f\nF1: %.3f\n", p, r, f1)
	table := func(title string, keys []string, m map[string]*evalCounts) {
		sort.Strings(keys)
		fmt.Fprintf(w, "by %s:\n", title)
		fmt.Fprintf(w, "  %-16s %6s %5s %5s %5s %5s %9s %7s %6s\n", title, "pairs", "tp", "fp", "fn", "tn", "precision", "recall", "F1")
		for _, k := range keys {
			c := m[k]
			p, r, f1 := c.prf()
			name := k
			if name == "" {
				name = "(none)"
			}
			fmt.Fprintf(w, "  %-16s %6d %5d %5d %5d %5d %9.3f %7.3f %6.3f\n", name, c.tp+c.fp+c.fn+c.tn, c.tp, c.fp, c.fn, c.tn, p, r, f1)
		}
	}
	if hasSet {
		table("set", sets, bySet)
	}
	if hasSchema {
		table("schema", schemas, bySchema)
	}
	if len(wrong) == 0 {
		return
	}
	fmt.Fprintf(w, "wrong cases (%d):\n", len(wrong))
	for _, r := range wrong {
		fmt.Fprintf(w, "  line %d, %s, %s: %q vs %q, score %.2f\n", r.line, missKind(r), r.schema, r.name1, r.name2, r.result.Score)
	}
}

func missKind(r evalRow) string {
	if r.label {
		return "false negative"
	}
	return "false positive"
}

// writeMisses writes the wrongly decided labelled pairs with their scores
// and explanations.
func writeMisses(path string, rows []evalRow) error {
	var out [][]string
	for _, r := range rows {
		if !r.hasLabel || r.label == r.result.Match {
			continue
		}
		out = append(out, []string{strconv.Itoa(r.line), r.set, string(r.schema), missKind(r),
			strconv.FormatFloat(r.result.Score, 'f', 4, 64), r.name1, r.name2, r.result.Explain()})
	}
	return writeCSVAtomic(path, []string{"line", "set", "schema", "kind", "score", "name1", "name2", "explanation"}, out)
}
