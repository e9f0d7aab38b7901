package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/impartial/impartial"
)

func (t *tx) Credential(ctx context.Context, hash string) (*impartial.Credential, error) {
	list, err := collect(ctx, t, func(rows *sql.Rows) (*impartial.Credential, error) {
		var c impartial.Credential
		var revoked sql.NullTime
		err := rows.Scan(&c.Hash, &c.Actor.ID, &c.Actor.Role, &c.Label, &c.CreatedAt, &revoked)
		c.CreatedAt, c.RevokedAt = c.CreatedAt.UTC(), utc(revoked)
		return &c, err
	}, `SELECT token_hash, actor_id, role, label, created_at, revoked_at FROM credentials WHERE token_hash = ?`, hash)
	return one(list, err, "credential", "…")
}

func (t *tx) PutCredential(ctx context.Context, c *impartial.Credential) error {
	err := t.exec(ctx, `INSERT INTO credentials (token_hash, actor_id, role, label, created_at, revoked_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (token_hash) DO UPDATE SET revoked_at = excluded.revoked_at`,
		c.Hash, c.Actor.ID, string(c.Actor.Role), c.Label, c.CreatedAt.UTC(), nullTime(c.RevokedAt))
	if err != nil {
		return fmt.Errorf("put credential: %w", err)
	}
	return nil
}
