package service

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"testing"

	"github.com/impartial/impartial"
)

// TestReadPagesStages reads a listing of pages through a stage, as the
// working set's load does: every record reaches the builder in the order
// read, and a builder's failure stops the reading and is the error
// reported, not the reader's "a builder failed".
func TestReadPagesStages(t *testing.T) {
	const records = 2*impartial.MaxPage + 17
	list := func(p impartial.Page) ([]string, error) {
		from := 0
		if p.After != "" {
			n, err := strconv.Atoi(p.After)
			if err != nil {
				return nil, err
			}
			from = n + 1
		}
		var page []string
		for i := from; i < records && len(page) < p.Limit; i++ {
			page = append(page, strconv.Itoa(i))
		}
		return page, nil
	}
	id := func(s string) string { return s }
	broken := errors.New("the builder broke")
	tests := []struct {
		name    string
		failAt  int // the record whose building fails; -1 for none
		wantErr error
		wantN   int // records built
	}{
		{"every record in order", -1, nil, records},
		{"a failure in the first page", 5, broken, 5},
		{"a failure in the last page", records - 1, broken, records - 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			st := newStage(ctx)
			var built []string
			pagesRead := 0
			err := readPages(ctx, list, id, func(page []string) error {
				pagesRead++
				return handEach(st, func(s string) error {
					if len(built) == tc.failAt {
						return broken
					}
					built = append(built, s)
					return nil
				})(page)
			})
			err = errors.Join(err, st.wait())
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
				t.Fatalf("error: got %v, want %v", err, tc.wantErr)
			}
			if errors.Is(err, errStageFailed) {
				t.Errorf("the reader's stop was reported: %v", err)
			}
			if len(built) != tc.wantN {
				t.Fatalf("built %d records, want %d", len(built), tc.wantN)
			}
			want := make([]string, tc.wantN)
			for i := range want {
				want[i] = fmt.Sprint(i)
			}
			if !slices.Equal(built, want) {
				t.Errorf("records built out of order")
			}
			if tc.failAt == 5 && pagesRead > 1+stageDepth+1 {
				t.Errorf("the reader read %d pages after the builder failed in the first", pagesRead)
			}
		})
	}
}

// TestStageStopsOnCancel: a load whose context ends builds nothing more and
// reports why.
func TestStageStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	st := newStage(ctx)
	ran := 0
	if err := st.do(func() error { ran++; return nil }); err != nil {
		t.Fatal(err)
	}
	cancel()
	for range 3 {
		_ = st.do(func() error { ran++; return nil })
	}
	err := st.wait()
	// The first may have run before the cancel; none after it.
	if ran > 1 || !errors.Is(err, context.Canceled) {
		t.Fatalf("after cancel: ran %d, error %v; want at most 1 and context.Canceled", ran, err)
	}
}
