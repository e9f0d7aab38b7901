// Package sqlstore implements impartial.Store over database/sql for the SQL
// databases impartial runs on. It holds the queries both databases share; the
// sqlite and postgres packages open connections, supply the migrations and
// say how their dialects differ. It holds no business rules: validation and
// reference checks are the service's.
package sqlstore

import (
	"context"
	"embed"
	"strconv"
	"strings"
)

// migrations are written once for both databases; {json}, {timestamp} and
// {serial} stand for the column types each dialect names in Types.
//
//go:embed migrations/*.sql
var migrations embed.FS

// Dialect says how one database differs from the SQL the queries are written
// in (SQLite's, with ? placeholders).
type Dialect struct {
	// Name names the database in messages ("SQLite", "PostgreSQL").
	Name string
	// Numbered placeholders: rewrite ? as $1, $2, ...
	Numbered bool
	// Types gives the dialect's column type for each placeholder in the
	// migrations: "json", "timestamp", "serial" (an auto-numbered key),
	// "without_rowid" (a table clustered on its primary key, where the
	// database lets one say so).
	Types map[string]string
	// MigrationLock, if set, runs first in the migration transaction so that
	// two processes starting at once do not both migrate.
	MigrationLock string
	// WallLock, if set, runs before a wall change is appended and holds until
	// commit, so that wall changes commit in the order of their sequence
	// numbers: a reader that has seen change N has seen every change before
	// it. (SQLite's single writer gives that order by itself.)
	WallLock string
	// KinLock, if set, runs before a transaction lowers the kinship
	// distances or sets the link summaries' links to covered persons
	// (links.go: a relationship to B and B's coverage written at once)
	// and holds until commit, so that two writers do not each
	// lower them from what the other had not yet committed (a covered–B
	// tie and a B–C tie written at once would leave C unlowered: a
	// distance above the truth, which a one-shot screen would prune by).
	// Under READ COMMITTED the reads made after it see every earlier
	// writer's distances and relationships. (SQLite's single writer
	// serialises them by itself.)
	KinLock string
	// ReadCommittedWrites asks for READ COMMITTED in Update (PostgreSQL)
	// whatever the server's or role's default_transaction_isolation: the
	// WallLock and KinLock orderings rely on the reads made after the lock
	// seeing what the previous holder committed, which a REPEATABLE READ
	// snapshot (taken at the first statement, before the lock) does not.
	ReadCommittedWrites bool
	// ReadOnlySnapshot asks for a repeatable-read, read-only transaction in
	// View (PostgreSQL); SQLite's deferred transactions already read one
	// snapshot.
	ReadOnlySnapshot bool
	// InProcess says that the database runs in the process (SQLite): a
	// statement costs no round trip, so held writes are run one row at a
	// time with the statement prepared once, not merged.
	InProcess bool
	// Arrays says that the driver takes a []string as an array parameter
	// and the database has unnest (PostgreSQL). A look-up of many rows by
	// key is then a join with the array, one index probe per element,
	// instead of an IN list: PostgreSQL caches a generic plan for a prepared
	// statement, and for `k = $1 AND entity IN ($2, ..., $513)` on a table
	// that grew in the transaction (no statistics) the plan it kept scanned
	// every row under k and filtered the list, so that an import slowed as
	// the table grew (1,940 records/s on 100,000 entities).
	Arrays bool
	// CopyFrom, if set, sends rows to a table in one bulk load (PostgreSQL's
	// COPY) on the transaction's connection, given as the driver's own
	// (database/sql's Conn.Raw). The entity keys, nine rows per entity, go
	// that way: as multi-row INSERTs each row is parsed, planned and bound
	// as parameters.
	CopyFrom func(ctx context.Context, driverConn any, table string, cols []string, rows [][]any) error
	// Classify says which Violation a driver error is, if it is one: the
	// dialect's constraint codes (SQLite's extended result codes,
	// PostgreSQL's SQLSTATEs) mapped to the domain's kinds.
	Classify func(error) (Violation, bool)
}

// ddl returns a migration with the dialect's types filled in.
func (d *Dialect) ddl(sql string) string {
	for k, v := range d.Types {
		sql = strings.ReplaceAll(sql, "{"+k+"}", v)
	}
	return sql
}

// rebind rewrites ? placeholders for the dialect.
func (d *Dialect) rebind(q string) string {
	if !d.Numbered {
		return q
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}
