package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/impartial/impartial"
)

const credentialCols = `token_hash, actor_id, role, label, created_at, revoked_at, expires_at, parent`

func scanCredential(rows *sql.Rows) (*impartial.Credential, error) {
	var c impartial.Credential
	var revoked, expires sql.NullTime
	err := rows.Scan(&c.Hash, &c.Actor.ID, &c.Actor.Role, &c.Label, &c.CreatedAt, &revoked, &expires, &c.Parent)
	c.CreatedAt, c.RevokedAt, c.ExpiresAt = c.CreatedAt.UTC(), utc(revoked), utc(expires)
	return &c, err
}

func (t *tx) Credential(ctx context.Context, hash string) (*impartial.Credential, error) {
	list, err := collect(ctx, t, scanCredential, `SELECT `+credentialCols+` FROM credentials WHERE token_hash = ?`, hash)
	return one(list, err, "credential", "…")
}

func (t *tx) Credentials(ctx context.Context, p impartial.Page) ([]*impartial.Credential, error) {
	list, err := collect(ctx, t, scanCredential, fmt.Sprintf(`SELECT `+credentialCols+` FROM credentials WHERE token_hash > ? ORDER BY token_hash LIMIT %d`, limit(p)), p.After)
	if err != nil {
		return nil, fmt.Errorf("list credentials: %w", err)
	}
	return list, nil
}

func (t *tx) PutCredential(ctx context.Context, c *impartial.Credential) error {
	err := t.exec(ctx, `INSERT INTO credentials (`+credentialCols+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (token_hash) DO UPDATE SET revoked_at = excluded.revoked_at, expires_at = excluded.expires_at`,
		c.Hash, c.Actor.ID, string(c.Actor.Role), c.Label, c.CreatedAt.UTC(), nullTime(c.RevokedAt), nullTime(c.ExpiresAt), c.Parent)
	if err != nil {
		return fmt.Errorf("put credential: %w", err)
	}
	return nil
}
