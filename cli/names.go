package cli

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/impartial/impartial/names"
)

const namesUsage = `usage: impartial names SUBCOMMAND [flags]

Subcommands:
  compare NAME1 NAME2 [--schema Person|Company|Organization|LegalEntity|Vessel]
        score two names and explain the score part by part
  eval --in PAIRS.csv [--out SCORED.csv] [--schema SCHEMA]
        score labelled name pairs and report precision, recall and F1

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
}

func runNamesEval(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := flag.NewFlagSet("impartial names eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "input CSV with a header containing name1 and name2, optionally schema and match (true/false)")
	out := fs.String("out", "", "output CSV: every input column plus score and match_predicted (optional)")
	schema := fs.String("schema", "LegalEntity", "schema for rows without a schema column")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: impartial names eval --in PAIRS.csv [--out SCORED.csv] [--schema SCHEMA]")
		fmt.Fprintln(fs.Output(), "\nScores each pair of names. Where the input has match labels, prints\nprecision, recall, F1, the counts and the wrongly decided pairs.")
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
	f, err := os.Open(*in)
	if err != nil {
		return fmt.Errorf("names eval: %w", err)
	}
	defer f.Close()
	header, rows, err := readPairs(ctx, f, *in, defSchema)
	if err != nil {
		return err
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
	printEvalSummary(stdout, rows)
	return nil
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

// writeScored writes the scored CSV to a temporary file and renames it into
// place, so that a failure never leaves a half-written file.
func writeScored(path string, header []string, rows []evalRow) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".scored-*.csv")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	w := csv.NewWriter(tmp)
	if err := w.Write(append(append([]string{}, header...), "score", "match_predicted")); err != nil {
		tmp.Close()
		return err
	}
	for _, r := range rows {
		rec := append(append([]string{}, r.fields...), strconv.FormatFloat(r.result.Score, 'f', 4, 64), strconv.FormatBool(r.result.Match))
		if err := w.Write(rec); err != nil {
			tmp.Close()
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// printEvalSummary prints counts and, for labelled rows, precision, recall,
// F1 and the wrongly decided pairs.
func printEvalSummary(w io.Writer, rows []evalRow) {
	var tp, fp, fn, tn, labelled int
	var wrong []evalRow
	for _, r := range rows {
		if !r.hasLabel {
			continue
		}
		labelled++
		switch {
		case r.label && r.result.Match:
			tp++
		case r.label && !r.result.Match:
			fn++
			wrong = append(wrong, r)
		case !r.label && r.result.Match:
			fp++
			wrong = append(wrong, r)
		default:
			tn++
		}
	}
	fmt.Fprintf(w, "pairs: %d, labelled: %d\n", len(rows), labelled)
	if labelled == 0 {
		return
	}
	ratio := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return float64(a) / float64(b)
	}
	p, r := ratio(tp, tp+fp), ratio(tp, tp+fn)
	f1 := 0.0
	if p+r > 0 {
		f1 = 2 * p * r / (p + r)
	}
	fmt.Fprintf(w, "true positives: %d, false positives: %d, false negatives: %d, true negatives: %d\n", tp, fp, fn, tn)
	fmt.Fprintf(w, "precision: %.3f\nrecall: %.3f\nF1: %.3f\n", p, r, f1)
	if len(wrong) == 0 {
		return
	}
	fmt.Fprintf(w, "wrong cases (%d):\n", len(wrong))
	for _, r := range wrong {
		kind := "false negative"
		if !r.label {
			kind = "false positive"
		}
		fmt.Fprintf(w, "  line %d, %s, %s: %q vs %q, score %.2f\n", r.line, kind, r.schema, r.name1, r.name2, r.result.Score)
	}
}
