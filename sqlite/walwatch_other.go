//go:build !(linux || darwin || freebsd)

package sqlite

import (
	"context"
	"database/sql"

	"github.com/impartial/impartial/sqlstore"
)

// newWalWatch is not available here: every wall check queries the revision.
func newWalWatch(context.Context, *sql.DB, *sql.DB, string) sqlstore.ChangeWatch { return nil }
