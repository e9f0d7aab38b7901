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

// newToken returns a fresh secret: 32 random bytes behind the prefix. API
// tokens and browser sessions are both made by it, so both are stored and
// checked the same way (by hashToken).
func newToken() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return tokenPrefix + base64.RawURLEncoding.EncodeToString(b[:]), nil
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// IssueToken creates an API token for actor that does not expire; see
// IssueTokenUntil.
func (s *Service) IssueToken(ctx context.Context, caller, actor impartial.Actor, label string) (string, error) {
	return s.IssueTokenUntil(ctx, caller, actor, label, time.Time{})
}

// IssueTokenUntil creates an API token for actor, valid until expires (zero:
// until revoked), and returns it; only its hash is stored, so it cannot be
// shown again. Admins and ethics officials issue tokens, and only for ids
// that exist: a covered person's token for a covered entity, a matter
// owner's for an entity.
func (s *Service) IssueTokenUntil(ctx context.Context, caller, actor impartial.Actor, label string, expires time.Time) (string, error) {
	if !caller.Decides() {
		return "", &impartial.Error{Kind: impartial.Forbidden, Msg: "only an admin or ethics official issues API tokens"}
	}
	if err := actor.Validate(); err != nil {
		return "", err
	}
	if actor.Role == impartial.Admin && caller.Role != impartial.Admin {
		return "", &impartial.Error{Kind: impartial.Forbidden, Msg: "only an admin issues admin tokens"}
	}
	now := s.stamp()
	if !expires.IsZero() && !expires.After(now) {
		return "", impartial.FieldError("token", "expires", "%s is not in the future", expires.UTC().Format(time.RFC3339))
	}
	token, err := newToken()
	if err != nil {
		return "", err
	}
	c := &impartial.Credential{Hash: hashToken(token), Actor: actor, Label: label, CreatedAt: now, ExpiresAt: expires.UTC().Truncate(time.Microsecond)}
	if err := s.store.Update(ctx, func(tx impartial.Tx) error {
		if actor.Role == impartial.Covered || actor.Role == impartial.MatterOwner {
			e, err := tx.Entity(ctx, actor.ID)
			if impartial.IsNotFound(err) {
				return impartial.FieldError("token", "for", "no entity %q: a %s token is issued only for a recorded entity", actor.ID, actor.Role)
			}
			if err != nil {
				return err
			}
			if actor.Role == impartial.Covered && e.Coverage == nil {
				return impartial.FieldError("token", "for", "%s (%s) is not a covered person", e.Name, e.ID)
			}
		}
		if err := tx.PutCredential(ctx, c); err != nil {
			return err
		}
		detail := label
		if !c.ExpiresAt.IsZero() {
			detail += "; expires " + c.ExpiresAt.Format(time.RFC3339)
		}
		return s.audit(ctx, tx, caller, "issue token", actor.String(), detail)
	}); err != nil {
		return "", fmt.Errorf("issue token: %w", err)
	}
	return token, nil
}

// tokenIDLength is how many hex digits of a token's hash name it in
// listings and revocations: enough to be unique, useless to authenticate.
const tokenIDLength = 16

// TokenInfo is what a listing shows of a credential: never the token, only
// an id made of the start of its hash.
type TokenInfo struct {
	ID        string          `json:"id"`
	For       impartial.Actor `json:"for"`
	Label     string          `json:"label,omitempty"`
	CreatedAt time.Time       `json:"created_at"`
	ExpiresAt time.Time       `json:"expires_at,omitzero"`
	RevokedAt time.Time       `json:"revoked_at,omitzero"`
	// State is "valid", "expired" or "revoked".
	State string `json:"state"`
}

func (s *Service) tokenInfo(c *impartial.Credential) TokenInfo {
	t := TokenInfo{ID: c.Hash[:tokenIDLength], For: c.Actor, Label: c.Label, CreatedAt: c.CreatedAt, ExpiresAt: c.ExpiresAt, RevokedAt: c.RevokedAt, State: "valid"}
	switch {
	case !c.RevokedAt.IsZero():
		t.State = "revoked"
	case !c.Valid(s.now()):
		t.State = "expired"
	}
	return t
}

func adminOnly(what string) error {
	if what == "" {
		return nil
	}
	return &impartial.Error{Kind: impartial.Forbidden, Msg: "only an admin " + what}
}

// Tokens lists every credential (API tokens and web sessions) after the
// given id: admins only.
func (s *Service) Tokens(ctx context.Context, caller impartial.Actor, page impartial.Page) ([]TokenInfo, error) {
	if caller.Role != impartial.Admin {
		return nil, adminOnly("lists API tokens")
	}
	var out []TokenInfo
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		list, err := tx.Credentials(ctx, page)
		for _, c := range list {
			out = append(out, s.tokenInfo(c))
		}
		return err
	})
	return out, err
}

// credentialByID finds the credential whose hash starts with id.
func credentialByID(ctx context.Context, tx impartial.ReadTx, id string) (*impartial.Credential, error) {
	if len(id) != tokenIDLength || strings.Trim(id, "0123456789abcdef") != "" {
		return nil, impartial.FieldError("token", "id", "%q is not a token id (%d hex digits, as token list shows)", id, tokenIDLength)
	}
	list, err := tx.Credentials(ctx, impartial.Page{After: id, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(list) == 0 || !strings.HasPrefix(list[0].Hash, id) {
		return nil, &impartial.Error{Kind: impartial.NotFound, Msg: fmt.Sprintf("no token %q", id)}
	}
	return list[0], nil
}

// RevokeToken revokes a token (or web session) by id: admins only. It is
// refused within a second by every process (see tokenTTL).
func (s *Service) RevokeToken(ctx context.Context, caller impartial.Actor, id string) (TokenInfo, error) {
	return s.changeToken(ctx, caller, id, "revoke token", func(c *impartial.Credential) error {
		if !c.RevokedAt.IsZero() {
			return nil
		}
		c.RevokedAt = s.stamp()
		return nil
	})
}

// ExpireToken sets when a token stops working: at (zero: now). Admins only;
// a revoked token stays revoked.
func (s *Service) ExpireToken(ctx context.Context, caller impartial.Actor, id string, at time.Time) (TokenInfo, error) {
	return s.changeToken(ctx, caller, id, "expire token", func(c *impartial.Credential) error {
		if at.IsZero() {
			at = s.stamp()
		}
		c.ExpiresAt = at.UTC().Truncate(time.Microsecond)
		return nil
	})
}

func (s *Service) changeToken(ctx context.Context, caller impartial.Actor, id, action string, change func(*impartial.Credential) error) (TokenInfo, error) {
	if caller.Role != impartial.Admin {
		return TokenInfo{}, adminOnly("revokes or expires API tokens")
	}
	var out TokenInfo
	err := s.store.Update(ctx, func(tx impartial.Tx) error {
		c, err := credentialByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := change(c); err != nil {
			return err
		}
		if err := tx.PutCredential(ctx, c); err != nil {
			return err
		}
		out = s.tokenInfo(c)
		return s.audit(ctx, tx, caller, action, c.Actor.String(), fmt.Sprintf("token %s (%s)", id, out.State))
	})
	if err != nil {
		return out, fmt.Errorf("%s %s: %w", action, id, err)
	}
	s.tokens.forget(out.ID)
	return out, nil
}

// tokenTTL is how long an authenticated token is trusted without asking the
// store again: a token revoked or expired by any process stops working
// within it.
const tokenTTL = time.Second

// maxCachedTokens bounds the authentication cache.
const maxCachedTokens = 10000

// tokenCache remembers recently authenticated tokens by hash.
type tokenCache struct {
	mu sync.Mutex
	m  map[string]tokenEntry
}

type tokenEntry struct {
	actor   impartial.Actor
	expires time.Time // of the entry, on the wall clock
	ends    time.Time // of the credential, on the service's clock; zero: never
}

func newTokenCache() *tokenCache { return &tokenCache{m: map[string]tokenEntry{}} }

// forget drops the tokens whose hash starts with id.
func (c *tokenCache) forget(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for h := range c.m {
		if strings.HasPrefix(h, id) {
			delete(c.m, h)
		}
	}
}

// Authenticate returns the actor a token was issued to. Unknown, malformed,
// expired and revoked tokens all get the same answer. A token's actor is
// remembered for tokenTTL, never past its expiry.
func (s *Service) Authenticate(ctx context.Context, token string) (impartial.Actor, error) {
	// The refusal is made only when there is one: a remembered token is
	// answered without allocating.
	denied := func() error {
		return &impartial.Error{Kind: impartial.Forbidden, Msg: "unknown, expired or revoked API token"}
	}
	if !strings.HasPrefix(token, tokenPrefix) || len(token) > 100 {
		return impartial.Actor{}, denied()
	}
	hash := hashToken(token)
	now := time.Now()
	s.tokens.mu.Lock()
	e, ok := s.tokens.m[hash]
	if ok && (!now.Before(e.expires) || !e.ends.IsZero() && !s.now().Before(e.ends)) {
		delete(s.tokens.m, hash)
		ok = false
	}
	s.tokens.mu.Unlock()
	if ok {
		return e.actor, nil
	}
	c, err := s.authenticate(ctx, hash, denied())
	if err == nil {
		// Expiry is on the service's clock, the cache's time on the wall's.
		ttl := tokenTTL
		if !c.ExpiresAt.IsZero() {
			ttl = min(ttl, c.ExpiresAt.Sub(s.now()))
		}
		until := now.Add(ttl)
		s.tokens.mu.Lock()
		if len(s.tokens.m) >= maxCachedTokens {
			s.tokens.m = map[string]tokenEntry{}
		}
		s.tokens.m[hash] = tokenEntry{actor: c.Actor, expires: until, ends: c.ExpiresAt}
		s.tokens.mu.Unlock()
		return c.Actor, nil
	}
	return impartial.Actor{}, err
}

func (s *Service) authenticate(ctx context.Context, hash string, denied error) (*impartial.Credential, error) {
	var c *impartial.Credential
	valid := false
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		var err error
		if c, err = tx.Credential(ctx, hash); err != nil {
			return err
		}
		valid, err = s.credentialValid(ctx, tx, c)
		return err
	})
	if impartial.IsNotFound(err) || (err == nil && !valid) {
		return nil, denied
	}
	if err != nil {
		return nil, fmt.Errorf("authenticate: %w", err)
	}
	return c, nil
}

// credentialValid reports whether c may be used now: neither it nor the
// credential it was made from (a session's API token) is revoked, expired
// or gone.
func (s *Service) credentialValid(ctx context.Context, tx impartial.ReadTx, c *impartial.Credential) (bool, error) {
	now := s.now()
	if !c.Valid(now) {
		return false, nil
	}
	if c.Parent == "" {
		return true, nil
	}
	p, err := tx.Credential(ctx, c.Parent)
	if impartial.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return p.Valid(now), nil
}
