package cli

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/impartial/impartial/dataset"
	"github.com/impartial/impartial/synth"
)

func runGen(ctx context.Context, e *env, args []string) error {
	fs := e.flags("gen", "[--entities N] [--seed S] [--format jsonl|ftm] [--out FILE]",
		"Write a deterministic synthetic data set in impartial's JSON Lines format, for benchmarks.\n"+
			"--format ftm writes its entities and relationships as FollowTheMoney entities instead.\n"+
			"The other sizes scale with --entities unless given: 1,000,000 entities come with\n"+
			"10,000 covered persons, 2,000,000 relationships, 20,000 contacts and 111,111 matters,\n"+
			"100,000 of them open (10% closed).")
	entities := fs.Int("entities", 10000, "number of entities")
	seed := fs.Int64("seed", 1, "random seed: the same seed and sizes give the same file")
	rels := fs.Int("relationships", -1, "number of relationships (default 2 per entity)")
	covered := fs.Int("covered", -1, "number of covered persons (default 1 per 100 entities)")
	matters := fs.Int("matters", -1, "number of matters (default 1 per 9 entities)")
	closed := fs.Int("closed-percent", -1, "share of matters closed, in percent (default 10)")
	out := fs.String("out", "-", "file to write; - for standard output")
	format := fs.String("format", "jsonl", "jsonl (every record) or ftm (entities and relationships)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != "jsonl" && *format != "ftm" {
		return usageError{fmt.Sprintf("--format: %q is not a format gen writes (want jsonl or ftm)", *format)}
	}
	if *entities < synth.MinEntities {
		return usageError{fmt.Sprintf("--entities: %d is fewer than the %d a data set needs", *entities, synth.MinEntities)}
	}
	cfg := synth.DefaultConfig(*entities)
	cfg.Seed = *seed
	for _, o := range []struct {
		v   int
		dst *int
	}{{*rels, &cfg.Relationships}, {*covered, &cfg.Covered}, {*matters, &cfg.Matters}, {*closed, &cfg.ClosedPercent}} {
		if o.v >= 0 {
			*o.dst = o.v
		}
	}
	w := e.stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	var write func(dataset.Record) error
	var flush func() error
	if *format == "ftm" {
		fw := dataset.NewFtMWriter(w)
		write = func(r dataset.Record) error {
			_, err := fw.Write(r) // contacts, matters, statements: no FtM schema
			return err
		}
		flush = fw.Flush
	} else {
		dw, err := dataset.NewWriter(w)
		if err != nil {
			return err
		}
		write, flush = dw.Write, dw.Flush
	}
	start := time.Now()
	n := 0
	progress := isTerminal(e.stderr) && *out != "-"
	err := synth.Generate(ctx, cfg, func(rec any) error {
		r, ok := rec.(dataset.Record)
		if !ok {
			return fmt.Errorf("gen: %T is not a record", rec)
		}
		n++
		if progress && n%100000 == 0 {
			fmt.Fprintf(e.stderr, "\r%d records", n)
		}
		return write(r)
	})
	if err == nil {
		err = flush()
	}
	if progress {
		fmt.Fprint(e.stderr, "\r\033[K")
	}
	if err != nil {
		return err
	}
	if *out != "-" {
		fmt.Fprintf(e.stderr, "wrote %d records to %s in %s\n", n, *out, time.Since(start).Round(time.Millisecond))
	}
	return nil
}
