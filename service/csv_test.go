package service_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/dataset"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/service"
)

// A disclosure spreadsheet of holdings: all or nothing, row-level errors
// that name the column, idempotent.
func TestCSVImportAllOrNothing(t *testing.T) {
	m, err := dataset.ParseColumnMap([]byte(`{"name":"Asset","kind":"=company","identifiers":{"ticker":"Ticker"},
		"relationship":{"from":"Filer","type":"=holding","to":"@entity","whose":"Owner","amount":"Value","currency":"=USD"}}`))
	if err != nil {
		t.Fatal(err)
	}
	good := "Filer,Asset,Ticker,Owner,Value\nj1,Acme Inc.,ACME,spouse,15001-50000\nj1,Beta LLC,,,1001\n"
	bad := good + "j1,Gamma plc,,cousin,lots\nnobody,Delta AG,,,\n"
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		svc := service.New(s)
		if _, err := svc.Import(ctx, strings.NewReader(`{"record":"entity","id":"j1","kind":"person","name":"J One"}`), "j.jsonl", service.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		opt := service.ImportOptions{Format: service.FormatCSV, Columns: m}
		_, err := svc.Import(ctx, strings.NewReader(bad), "holdings.csv", opt)
		var ie *service.ImportError
		if !errors.As(err, &ie) {
			t.Fatalf("bad file: %v, want an ImportError", err)
		}
		for _, want := range []string{
			`holdings.csv:4: relationship "j1.holding.gamma-plc": field "amount": column "Value": "lots" is not an amount`,
			`; relationship "j1.holding.gamma-plc": field "whose": column "Owner": "cousin" is not one of`,
			`holdings.csv:5: relationship "nobody.holding.delta-ag": field "from": refers to entity "nobody"`,
		} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error lacks %q:\n%v", want, err)
			}
		}
		var n int
		if err := s.View(ctx, func(tx impartial.ReadTx) error {
			c, err := tx.Counts(ctx)
			n = c["entity"] + c["relationship"]
			return err
		}); err != nil || n != 1 {
			t.Fatalf("after a bad file: %d records (%v), want only the filer", n, err)
		}
		rep, err := svc.Import(ctx, strings.NewReader(good), "holdings.csv", opt)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Created["entity"] != 2 || rep.Created["relationship"] != 2 {
			t.Errorf("created %v", rep.Created)
		}
		rep, err = svc.Import(ctx, strings.NewReader(good), "holdings.csv", opt)
		if err != nil || rep.Changed() {
			t.Errorf("second import: %v, changed %v %v", err, rep.Created, rep.Updated)
		}
		if _, err := svc.Import(ctx, strings.NewReader(good), "holdings.csv", service.ImportOptions{Format: service.FormatCSV}); impartial.KindOf(err) != impartial.Invalid {
			t.Errorf("CSV without a column map: %v, want invalid", err)
		}
	})
}
