package service

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/impartial/impartial"
)

// tokenPrefix marks impartial's API tokens so that they are recognisable in
// logs and secret scanners.
const tokenPrefix = "imp_"

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// IssueToken creates an API token for actor and returns it; only its hash is
// stored, so it cannot be shown again. Admins and ethics officials issue
// tokens.
func (s *Service) IssueToken(ctx context.Context, caller, actor impartial.Actor, label string) (string, error) {
	if !caller.Decides() {
		return "", &impartial.Error{Kind: impartial.Forbidden, Msg: "only an admin or ethics official issues API tokens"}
	}
	if err := actor.Validate(); err != nil {
		return "", err
	}
	if actor.Role == impartial.Admin && caller.Role != impartial.Admin {
		return "", &impartial.Error{Kind: impartial.Forbidden, Msg: "only an admin issues admin tokens"}
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	token := tokenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	c := &impartial.Credential{Hash: hashToken(token), Actor: actor, Label: label, CreatedAt: s.stamp()}
	if err := s.store.Update(ctx, func(tx impartial.Tx) error {
		if err := tx.PutCredential(ctx, c); err != nil {
			return err
		}
		return s.audit(ctx, tx, caller, "issue token", actor.String(), label)
	}); err != nil {
		return "", fmt.Errorf("issue token: %w", err)
	}
	return token, nil
}

// tokenTTL is how long an authenticated token is trusted without asking the
// store again: a revoked token stops working within it.
const tokenTTL = 10 * time.Second

// tokenCache remembers recently authenticated tokens by hash.
type tokenCache struct {
	mu sync.Mutex
	m  map[string]tokenEntry
}

type tokenEntry struct {
	actor   impartial.Actor
	expires time.Time
}

func newTokenCache() *tokenCache { return &tokenCache{m: map[string]tokenEntry{}} }

// Authenticate returns the actor a token was issued to. Unknown, malformed
// and revoked tokens all get the same answer. A token's actor is remembered
// for tokenTTL.
func (s *Service) Authenticate(ctx context.Context, token string) (impartial.Actor, error) {
	denied := &impartial.Error{Kind: impartial.Forbidden, Msg: "unknown or revoked API token"}
	if !strings.HasPrefix(token, tokenPrefix) {
		return impartial.Actor{}, denied
	}
	hash := hashToken(token)
	now := time.Now()
	s.tokens.mu.Lock()
	e, ok := s.tokens.m[hash]
	if ok && now.After(e.expires) {
		delete(s.tokens.m, hash)
		ok = false
	}
	if len(s.tokens.m) > 100000 {
		clear(s.tokens.m)
	}
	s.tokens.mu.Unlock()
	if ok {
		return e.actor, nil
	}
	actor, err := s.authenticate(ctx, hash, denied)
	if err == nil {
		s.tokens.mu.Lock()
		s.tokens.m[hash] = tokenEntry{actor: actor, expires: now.Add(tokenTTL)}
		s.tokens.mu.Unlock()
	}
	return actor, err
}

func (s *Service) authenticate(ctx context.Context, hash string, denied error) (impartial.Actor, error) {
	var c *impartial.Credential
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		var err error
		c, err = tx.Credential(ctx, hash)
		return err
	})
	if impartial.IsNotFound(err) || (err == nil && !c.RevokedAt.IsZero()) {
		return impartial.Actor{}, denied
	}
	if err != nil {
		return impartial.Actor{}, fmt.Errorf("authenticate: %w", err)
	}
	return c.Actor, nil
}
