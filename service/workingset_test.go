package service_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/dataset"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/refcase"
	"github.com/impartial/impartial/service"
	"github.com/impartial/impartial/synth"
)

// findingsJSON screens every open matter and returns the findings as JSON,
// sorted by key, for comparing two services.
func findingsJSON(t *testing.T, svc *service.Service, asOf impartial.Date) string {
	t.Helper()
	rep, err := svc.Screen(context.Background(), refcase.Ethics, service.ScreenRequest{All: true, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	fs := rep.Findings()
	slices.SortFunc(fs, func(a, b impartial.Finding) int { return strings.Compare(a.Key(), b.Key()) })
	b, err := json.Marshal(fs)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestWorkingSetKeptCurrent loads a working set, then changes the records
// through another service (as another process would): a new matter with a
// party known only by name, a new holding, a merger, a recusal, an
// authorization and two entities merged into one. After each change the
// working set, kept current from the record change feed, gives the findings,
// name search hits and scan mentions that a service building everything
// afresh gives.
func TestWorkingSetKeptCurrent(t *testing.T) {
	t.Parallel() // its own databases: runs beside the other large data sets, one waiting on PostgreSQL while another computes
	var file bytes.Buffer
	dw, err := dataset.NewWriter(&file)
	if err != nil {
		t.Fatal(err)
	}
	var covered, companies []*impartial.Entity
	var open []*impartial.Matter
	cfg := synth.DefaultConfig(2000)
	if err := synth.Generate(context.Background(), cfg, func(rec any) error {
		switch r := rec.(type) {
		case *impartial.Entity:
			if r.Coverage != nil && r.Coverage.Regime == impartial.DOJ {
				covered = append(covered, r)
			}
			if r.Kind == impartial.Company {
				companies = append(companies, r)
			}
		case *impartial.Matter:
			if r.Closed.IsZero() && len(r.Parties) > 0 && r.Parties[0].Entity != "" {
				open = append(open, r)
			}
		}
		return dw.Write(rec.(dataset.Record))
	}); err != nil {
		t.Fatal(err)
	}
	if err := dw.Flush(); err != nil {
		t.Fatal(err)
	}
	if len(covered) < 2 || len(companies) < 4 || len(open) < 2 {
		t.Fatalf("generated set too small: %d covered, %d companies, %d open matters", len(covered), len(companies), len(open))
	}
	asOf := impartial.MustDate("2024-06-01")
	p, q := covered[0], covered[1]
	a, b, c, d := companies[0], companies[1], companies[2], companies[3]
	party := open[0].Parties[0].Entity
	line := func(format string, args ...any) string {
		return `{"record":"header","format":"impartial-records","version":1}` + "\n" + fmt.Sprintf(format, args...) + "\n"
	}
	merged := *d
	merged.Name = d.Name + " Group" // renamed: scan's mentions name it so
	merged.Aliases = append(slices.Clone(d.Aliases), c.Name, "Zyxwv Quorble Holdings")
	var mergedFile bytes.Buffer
	if mw, err := dataset.NewWriter(&mergedFile); err != nil || mw.Write(&merged) != nil || mw.Flush() != nil {
		t.Fatal("write the merged entity")
	}
	steps := []struct {
		name string
		do   func(ctx context.Context, svc *service.Service) error
	}{
		{"new matter", func(ctx context.Context, svc *service.Service) error {
			_, err := svc.Import(ctx, strings.NewReader(line(
				`{"record":"matter","id":"m-ws-new","title":"New matter","kind":"civil_case","opened":"2024-01-02","parties":[{"entity":%q,"role":"party"},{"name":%q,"role":"party"}],"source":"test"}`,
				a.ID, b.Name)), "new.jsonl", service.ImportOptions{})
			return err
		}},
		{"new holding", func(ctx context.Context, svc *service.Service) error {
			_, err := svc.Import(ctx, strings.NewReader(line(
				`{"record":"relationship","id":"r-ws-hold","from":%q,"type":"holding","to":%q,"whose":"self","amount":{"min":50001,"max":100000,"currency":"USD"},"start":"2020-01-01","status":"confirmed","source":"test"}`,
				p.ID, a.ID)), "hold.jsonl", service.ImportOptions{})
			return err
		}},
		{"merger", func(ctx context.Context, svc *service.Service) error {
			_, err := svc.Import(ctx, strings.NewReader(line(
				`{"record":"relationship","id":"r-ws-merger","from":%q,"type":"ownership","to":%q,"percent":100,"start":"2021-01-01","status":"confirmed","source":"test"}`,
				c.ID, party)), "merger.jsonl", service.ImportOptions{})
			if err == nil {
				_, err = svc.Import(ctx, strings.NewReader(line(
					`{"record":"relationship","id":"r-ws-hold2","from":%q,"type":"holding","to":%q,"whose":"spouse","start":"2019-01-01","status":"confirmed","source":"test"}`,
					q.ID, c.ID)), "hold2.jsonl", service.ImportOptions{})
			}
			return err
		}},
		{"recusal", func(ctx context.Context, svc *service.Service) error {
			return svc.RecordRecusal(ctx, refcase.Ethics, &impartial.Recusal{ID: "rec-ws", Person: p.ID, Effective: asOf,
				Matters: []string{"m-ws-new"}, Basis: "financial interest", ScopeText: "the new matter", Delegate: "the deputy"})
		}},
		{"authorization", func(ctx context.Context, svc *service.Service) error {
			return svc.Authorize(ctx, refcase.Ethics, &impartial.Permission{ID: "perm-ws", Kind: impartial.Waiver, Person: q.ID,
				Matter: open[0].ID, Rules: []string{"18usc208-financial"}, Reason: "the interest is not so substantial as to affect the integrity of the services",
				Granted: asOf, GrantedBy: "the appointing official"})
		}},
		{"entity merge", func(ctx context.Context, svc *service.Service) error {
			_, err := svc.Import(ctx, strings.NewReader(mergedFile.String()+line(
				`{"record":"relationship","id":"r-ws-merger","from":%q,"type":"ownership","to":%q,"percent":100,"start":"2021-01-01","status":"confirmed","source":"test"}`,
				d.ID, party)[len(`{"record":"header","format":"impartial-records","version":1}`)+1:]), "merge.jsonl", service.ImportOptions{})
			return err
		}},
	}
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		writer := service.New(s)
		if _, err := writer.Import(ctx, bytes.NewReader(file.Bytes()), "gen.jsonl", service.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		kept := service.New(s)
		if kept.Ready() {
			// A service without a working set is ready; one that is loading is not.
		}
		if err := kept.LoadWorkingSet(ctx); err != nil {
			t.Fatal(err)
		}
		if !kept.Ready() {
			t.Fatal("not ready after loading")
		}
		for _, st := range steps {
			if err := st.do(ctx, writer); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			fresh := service.New(s)
			got, want := findingsJSON(t, kept, asOf), findingsJSON(t, fresh, asOf)
			if got != want {
				t.Errorf("after %s: the working set's findings differ from a rebuild's:\n got  %.600s\n want %.600s", st.name, got, want)
			}
			for _, query := range []string{b.Name, c.Name, "Zyxwv Quorble Holdings", p.Name} {
				g, err1 := kept.SearchNames(ctx, query, "", 5)
				w, err2 := fresh.SearchNames(ctx, query, "", 5)
				if err1 != nil || err2 != nil {
					t.Fatal(err1, err2)
				}
				if ids(g) != ids(w) {
					t.Errorf("after %s: search %q: working set %s, rebuild %s", st.name, query, ids(g), ids(w))
				}
			}
			text := fmt.Sprintf("%s met %s of %s; Zyxwv Quorble Holdings said.", p.Name, q.Name, c.Name)
			if g, w := mentions(t, kept, text), mentions(t, fresh, text); g != w {
				t.Errorf("after %s: scan: working set %s, rebuild %s", st.name, g, w)
			}
		}
		if m := mentions(t, kept, "Zyxwv Quorble Holdings"); !strings.Contains(m, d.ID+"="+merged.Name) {
			t.Errorf("the merged entity's new alias is not found by scan: %s", m)
		}
	})
}

func ids(hits []service.NameHit) string {
	var out []string
	for _, h := range hits {
		out = append(out, fmt.Sprintf("%s=%.3f", h.Entity.ID, h.Score))
	}
	return strings.Join(out, ",")
}

// mentions scans the text as the API does, with each mentioned entity's
// name (from the working set's graph when the service has one).
func mentions(t *testing.T, svc *service.Service, text string) string {
	t.Helper()
	ms, err := svc.ScanText(context.Background(), refcase.Ethics, text)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range ms {
		if m.Ambiguous() {
			// One of several: each candidate is named.
			var cs []string
			for _, c := range m.Candidates {
				if c.Name == "" {
					t.Errorf("candidate %s of %q without its name", c.Entity, m.Surface)
				}
				cs = append(cs, c.Entity+"="+c.Name)
			}
			out = append(out, fmt.Sprintf("%d-%d:one of %d:%s", m.Start, m.End, m.Count, strings.Join(cs, "|")))
			continue
		}
		if m.Name == "" {
			t.Errorf("mention of %s without the entity's name", m.Entity)
		}
		out = append(out, fmt.Sprintf("%d-%d:%s=%s", m.Start, m.End, m.Entity, m.Name))
	}
	slices.Sort(out)
	return strings.Join(out, ",")
}
