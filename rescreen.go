package impartial

import (
	"context"
	"fmt"
	"time"
)

// Rescreen is re-screening work that a committed change requires. It is
// written in the same transaction as the change (an outbox), so that a crash,
// a kill or an interrupt between the change and its re-screening leaves the
// work recorded rather than lost: whichever process runs next completes it,
// and until it is done every wall check it may affect denies.
type Rescreen struct {
	Seq   int64     `json:"seq"`
	At    time.Time `json:"at"`
	Cause string    `json:"cause"` // what required it, e.g. `import of "refcase.jsonl"`
	// What the work may change, as far as can be told without the
	// relationship graph: everything, or the findings of these matters and
	// persons.
	All     bool     `json:"all,omitempty"`
	Matters []string `json:"matters,omitempty"`
	Persons []string `json:"persons,omitempty"`
	// Pairs are single pairs it may change. Work that moves the graph is
	// recorded as All, since only the graph tells what it reaches; the
	// process that carries it out works that out first and narrows the
	// entry to it (Scoped), so that checks on other pairs answer meanwhile.
	Pairs  []RescreenPair `json:"pairs,omitempty"`
	Scoped bool           `json:"scoped,omitempty"`
	// Changes describes the changes for the service that carries the work
	// out; the store keeps it as it is.
	Changes []byte    `json:"-"`
	DoneAt  time.Time `json:"done_at,omitzero"`
}

// Scope says in words what the work may affect, without naming a matter:
// the reason a check gives must not reveal a confidential one.
func (r *Rescreen) Scope() string {
	if r.All {
		return "every matter"
	}
	parts := ""
	if n := len(r.Matters); n > 0 {
		parts = fmt.Sprintf("%d matter(s)", n)
	}
	if n := len(r.Persons); n > 0 {
		if parts != "" {
			parts += " and "
		}
		parts += fmt.Sprintf("every matter of %d person(s)", n)
	}
	if n := len(r.Pairs); n > 0 {
		if parts != "" {
			parts += " and "
		}
		parts += fmt.Sprintf("%d person-matter pair(s)", n)
	}
	return parts
}

// RescreenPair is a person and a matter whose finding work may change.
type RescreenPair struct {
	Person string `json:"person"`
	Matter string `json:"matter"`
}

// PendingReason is the reason a wall check gives when it denies because of
// pending work. It names the work's cause only when withCause is set (the
// caller may see every matter): an import's file name can say more than a
// covered person may know.
func (r *Rescreen) PendingReason(withCause bool) string {
	what := fmt.Sprintf("re-screening #%d", r.Seq)
	if withCause && r.Cause != "" {
		what += ", required by " + r.Cause + " at " + r.At.UTC().Format(time.RFC3339)
	}
	return fmt.Sprintf("screening pending: %s (for %s) is not finished, and it may change this answer, "+
		"so access is denied until it is; the server, or the next impartial command that writes or checks, completes it",
		what, r.Scope())
}

// RescreenReader reads the outbox of re-screening work.
type RescreenReader interface {
	// PendingRescreens returns up to limit entries not yet done, oldest
	// first.
	PendingRescreens(ctx context.Context, limit int) ([]Rescreen, error)
	// RescreenDoneAfter reports whether an entry with Seq after seq is done:
	// then a re-screening that read the facts before that entry must not
	// overwrite what its completion stored.
	RescreenDoneAfter(ctx context.Context, seq int64) (bool, error)
}

// RescreenWriter writes the outbox.
type RescreenWriter interface {
	// AddRescreen appends r (its Seq is assigned) and returns the Seq. Call
	// it after AppendWallChange in the same transaction, so that on
	// PostgreSQL it holds the wall lock and entries commit in Seq order.
	AddRescreen(ctx context.Context, r *Rescreen) (int64, error)
	// FinishRescreens marks the entries done.
	FinishRescreens(ctx context.Context, seqs []int64, at time.Time) error
	// ScopeRescreens narrows entries not yet done to the scope's All,
	// Matters, Persons and Pairs, and marks them Scoped.
	ScopeRescreens(ctx context.Context, seqs []int64, scope Rescreen) error
}
