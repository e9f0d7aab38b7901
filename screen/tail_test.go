package screen

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/impartial/impartial"
)

// TestTailsWalkAsAlone checks that walking sequences together in tails
// finds what walking each alone finds, result for result: the findings
// with their paths, notes and reasons in order, and the warnings of
// searches cut short, on random graphs with budgets small enough to cut
// them, through one matter's screen and through a re-screen of all (whose
// walks are shared between matters naming the same party).
// IMPARTIAL_PROPERTY_GRAPHS sets how many graphs (default 3,000).
func TestTailsWalkAsAlone(t *testing.T) {
	set, ruleIDs, graphs := propertySetup(t)
	en := NewEngine(NewEmptyGraph(0, 0), set, nil)
	_, seqs := en.plan()
	if !slices.ContainsFunc(seqs, func(sq *cseq) bool { return sq.tail != nil && sq.off > 0 }) {
		t.Fatal("no sequence of the shipped rulebooks is in a tail: the test compares nothing")
	}
	findings, cut := 0, 0
	for seed := range uint64(graphs) {
		r := rand.New(rand.NewPCG(seed, 29))
		w := newRandomWorld(r, ruleIDs)
		w.addPermissions(r, set)
		budget := 0 // the default, for a graph in four
		if seed%4 != 0 {
			budget = 1 + r.IntN(40)
		}
		var outs [2][]string
		for k, alone := range []bool{true, false} {
			g, err := NewGraph(w.facts.Entities, w.facts.Relationships, w.facts.Contacts)
			if err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			for _, e := range w.facts.Events {
				g.PutEvent(e)
			}
			for _, m := range w.facts.Matters {
				g.PutMatter(m)
			}
			for _, p := range w.facts.Permissions {
				g.PutPermission(p)
			}
			en := NewEngine(g, set, w)
			en.Budget, en.alone = budget, alone
			var ids []string
			for _, m := range w.facts.Matters {
				res, err := en.ScreenMatter(m.ID, w.asOf)
				if err != nil {
					t.Fatalf("seed %d: %v", seed, err)
				}
				outs[k] = append(outs[k], m.ID+": "+resultText(t, res))
				ids = append(ids, m.ID)
			}
			byMatter := map[string]string{}
			err = en.ScreenMatters(ids, w.asOf, nil, 1, func(res *Result) {
				byMatter[res.Matters[0]] = resultText(t, res)
			})
			if err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			for _, id := range ids {
				outs[k] = append(outs[k], "all "+id+": "+byMatter[id])
			}
			if !alone {
				for _, s := range outs[k] {
					findings += strings.Count(s, `"rule":`)
					cut += strings.Count(s, CutNote)
				}
			}
		}
		if !reflect.DeepEqual(outs[0], outs[1]) {
			for i := range outs[0] {
				if outs[0][i] != outs[1][i] {
					t.Fatalf("seed %d (budget %d): walked in tails, the screen differs from walking alone:\nalone: %s\ntails: %s", seed, budget, outs[0][i], outs[1][i])
				}
			}
		}
	}
	t.Logf("%d random graphs: %d findings and %d searches cut short, the same walked in tails and alone", graphs, findings, cut)
	if findings < graphs/2 || cut < graphs/10 {
		t.Errorf("only %d findings and %d cut searches in %d graphs: too few to compare", findings, cut, graphs)
	}
}

// resultText is the result's findings and warnings as JSON.
func resultText(t *testing.T, res *Result) string {
	b, err := json.Marshal(struct {
		F []impartial.Finding
		W []string
	}{res.Findings, res.Warnings})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
