package service_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/service"
)

func importFtMFile(t *testing.T, svc *service.Service, path string, opt service.ImportOptions) *service.ImportReport {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	opt.Format = service.FormatFtM
	rep, err := svc.Import(context.Background(), f, path, opt)
	if err != nil {
		t.Fatalf("import %s: %v", path, err)
	}
	return rep
}

var ftmFiles = []string{"../dataset/testdata/ftm/every-schema.ftm.jsonl", "../dataset/testdata/ftm/opensanctions-style.ftm.jsonl"}

// Import → export → import changes nothing, and the export of the
// re-imported data is the same bytes.
func TestFtMImportExportRoundTrip(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		svc := service.New(s)
		for _, f := range ftmFiles {
			importFtMFile(t, svc, f, service.ImportOptions{})
		}
		again := importFtMFile(t, svc, ftmFiles[0], service.ImportOptions{})
		if again.Changed() {
			t.Errorf("importing the same FtM file twice changed records: %v %v", again.Created, again.Updated)
		}
		var out bytes.Buffer
		n, err := svc.ExportFtM(ctx, ethicsActor, &out)
		if err != nil {
			t.Fatal(err)
		}
		if n != 15+16 {
			t.Errorf("exported %d records, want 31", n)
		}
		rep, err := svc.Import(ctx, bytes.NewReader(out.Bytes()), "export.ftm", service.ImportOptions{Format: service.FormatFtM})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Changed() || rep.RejectedCount > 0 {
			t.Errorf("re-importing the export changed records: %v %v, rejected %v", rep.Created, rep.Updated, rep.Rejected)
		}
		fresh, _ := testdb.SQLite(t)
		svc2 := service.New(fresh)
		if _, err := svc2.Import(ctx, bytes.NewReader(out.Bytes()), "export.ftm", service.ImportOptions{Format: service.FormatFtM, SkipBad: false}); err != nil {
			t.Fatal(err)
		}
		var out2 bytes.Buffer
		if _, err := svc2.ExportFtM(ctx, ethicsActor, &out2); err != nil {
			t.Fatal(err)
		}
		if out2.String() != out.String() {
			t.Errorf("the export of the re-imported data differs:\n%s\nvs\n%s", out2.String(), out.String())
		}
	})
}

const badFtM = `{"id":"a","schema":"Person","properties":{"name":["Ann"]}}
{"id":"b","schema":"Company","properties":{"name":["B Corp"]}}
{"id":"broken","schema":"Person","properties":{"name":["X"],"birthDate":["yesterday"]}}
not json
{"id":"r1","schema":"Ownership","properties":{"owner":["a"],"asset":["b"],"percentage":["40"]}}
{"id":"r2","schema":"Family","properties":{"person":["a"],"relative":["broken"],"relationship":["sister"]}}
{"id":"r3","schema":"Ownership","properties":{"owner":["b"],"asset":["nobody"]}}
`

func TestFtMBadLinesSkippedOrStrict(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		svc := service.New(s)
		// --strict: all or nothing, every problem with its line.
		_, err := svc.Import(ctx, strings.NewReader(badFtM), "bad.ftm", service.ImportOptions{Format: service.FormatFtM})
		var ie *service.ImportError
		if !errors.As(err, &ie) || impartial.KindOf(err) != impartial.Invalid {
			t.Fatalf("strict import: %v, want an ImportError", err)
		}
		for _, want := range []string{"bad.ftm:3:", `field "properties.birthDate"`, "bad.ftm:4: ", "bad.ftm:7:", `"nobody"`} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("strict import error lacks %q:\n%v", want, err)
			}
		}
		var n int
		err = s.View(ctx, func(tx impartial.ReadTx) error {
			c, err := tx.Counts(ctx)
			n = c["entity"] + c["relationship"]
			return err
		})
		if err != nil || n != 0 {
			t.Fatalf("strict import wrote %d records (%v)", n, err)
		}
		// Skipping bad lines: the good ones are imported, the bad ones and
		// what refers to them reported with their lines.
		rep, err := svc.Import(ctx, strings.NewReader(badFtM), "bad.ftm", service.ImportOptions{Format: service.FormatFtM, SkipBad: true})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Created["entity"] != 2 || rep.Created["relationship"] != 1 {
			t.Errorf("created %v, want 2 entities and 1 relationship", rep.Created)
		}
		var lines []string
		for _, e := range rep.Rejected {
			lines = append(lines, strings.SplitN(e.Error(), ": ", 2)[0])
		}
		if got, want := strings.Join(lines, " "), "bad.ftm:3 bad.ftm:4 bad.ftm:6 bad.ftm:7"; got != want || rep.RejectedCount != 4 {
			t.Errorf("rejected %s (%d), want %s:\n%v", got, rep.RejectedCount, want, rep.Rejected)
		}
		if c := rep.ByOrigin["Ownership"]; c == nil || c.Created != 1 || c.Rejected != 1 {
			t.Errorf("Ownership counts %+v", c)
		}
	})
}

var ethicsActor = impartial.Actor{ID: "doj-ethics", Role: impartial.Ethics}

// impartial's own records exported as FtM and imported back over
// themselves change nothing: what FtM cannot say (coverage, a business
// amount) is kept from the stored record, and the rest survives the trip.
func TestFtMExportOfNativeRecordsReimportsUnchanged(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		svc := service.New(s)
		importRef(t, svc)
		extra := `{"record":"entity","id":"fund","kind":"company","name":"Index Fund","flags":["diversified_fund","publicly_traded"],"identifiers":[{"scheme":"ticker","value":"IDX"},{"scheme":"cik","value":"0001"},{"scheme":"custom","value":"x"}]}
{"record":"relationship","id":"deal","from":"fund","type":"business","to":"gulfport-pharma","capacity":"lender","amount":{"min":1,"max":2}}
{"record":"relationship","id":"hold","from":"sessions","type":"holding","to":"fund","whose":"spouse","percent":0.5,"amount":{"min":1001,"max":15000,"currency":"USD"}}
`
		if _, err := svc.Import(ctx, strings.NewReader(extra), "extra.jsonl", service.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if _, err := svc.ExportFtM(ctx, ethicsActor, &out); err != nil {
			t.Fatal(err)
		}
		rep, err := svc.Import(ctx, bytes.NewReader(out.Bytes()), "export.ftm", service.ImportOptions{Format: service.FormatFtM})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Changed() || rep.RejectedCount > 0 {
			t.Errorf("re-importing the FtM export of native records changed them: created %v updated %v rejected %v", rep.Created, rep.Updated, rep.Rejected)
		}
	})
}
