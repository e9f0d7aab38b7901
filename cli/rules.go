package cli

import (
	"context"
	"fmt"

	"github.com/impartial/impartial/rules"
)

func runRules(ctx context.Context, e *env, args []string) error {
	fs := e.flags("rules", "list | show NAME|FILE [RULE] [--json] | check FILE",
		"The rulebooks: list the shipped ones and their rules; show a rulebook or one rule in full (citation,\n"+
			"text, paths, look-back, thresholds, whose interests count, outcome, who may waive it); check that a\n"+
			"rulebook file parses and type-checks (exit status 1 with the rule id and the problem if not).")
	asJSON := fs.Bool("json", false, "with show: print the rulebook's JSON source")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usageError{"say list, show or check"}
	}
	switch pos[0] {
	case "list":
		books, err := rules.Shipped()
		if err != nil {
			return err
		}
		return rules.List(e.stdout, books)
	case "show":
		if len(pos) < 2 || len(pos) > 3 {
			return usageError{"show takes a rulebook name or file, and optionally a rule id"}
		}
		b, err := rules.Resolve(pos[1])
		if err != nil {
			return err
		}
		if *asJSON {
			if src, ok := rules.ShippedSource(b.ID); ok {
				_, err := e.stdout.Write(src)
				return err
			}
			return writeJSON(e.stdout, b)
		}
		rule := ""
		if len(pos) == 3 {
			rule = pos[2]
		}
		return rules.Show(e.stdout, b, rule)
	case "check":
		if len(pos) != 2 {
			return usageError{"check takes one rulebook file"}
		}
		return rules.Check(e.stdout, pos[1])
	}
	return usageError{fmt.Sprintf("%q: say list, show or check", pos[0])}
}
