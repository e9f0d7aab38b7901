package service_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/dataset"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/service"
	"github.com/impartial/impartial/synth"
)

// synthFile returns a generated data set of n entities in the dataset
// format, and how many records it holds.
func synthFile(tb testing.TB, n int) ([]byte, int) {
	tb.Helper()
	var file bytes.Buffer
	dw, err := dataset.NewWriter(&file)
	if err != nil {
		tb.Fatal(err)
	}
	records := 0
	if err := synth.Generate(context.Background(), synth.DefaultConfig(n), func(rec any) error {
		records++
		return dw.Write(rec.(dataset.Record))
	}); err != nil {
		tb.Fatal(err)
	}
	if err := dw.Flush(); err != nil {
		tb.Fatal(err)
	}
	return file.Bytes(), records
}

// BenchmarkImport measures `import --no-screen` of a generated set of
// 10,000 entities (about 31,000 records) into an empty store, entity keys
// included, on each database; it reports records/s. The product-path
// figures (100,000 and 1,000,000 entities, through the CLI) are in
// BENCHMARKS.md.
//
//	go test ./service -run '^$' -bench Import -benchtime 3x
func BenchmarkImport(b *testing.B) {
	file, records := synthFile(b, 10000)
	for _, db := range []string{"sqlite", "postgres"} {
		b.Run(db, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				var s impartial.Store
				if db == "sqlite" {
					s, _ = testdb.SQLite(b)
				} else {
					s = testdb.Postgres(b)
				}
				svc := service.New(s)
				b.StartTimer()
				rep, err := svc.Import(context.Background(), bytes.NewReader(file), "g10k.jsonl", service.ImportOptions{})
				if err != nil {
					b.Fatal(err)
				}
				if rep.Records != records {
					b.Fatalf("imported %d records, want %d", rep.Records, records)
				}
			}
			b.ReportMetric(float64(records*b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}
