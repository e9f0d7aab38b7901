package service

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/impartial/impartial"
)

// sessionLabel marks the credentials that sign-ins create, so that an
// administrator can tell a browser session from an API token.
const sessionLabel = "web session"

// SignIn exchanges an API token for a browser session: a new credential for
// the same actor, returned once, so that signing out can revoke the session
// without revoking the token the person signed in with. Unknown and revoked
// tokens are refused alike. The sign-in is audited.
func (s *Service) SignIn(ctx context.Context, token string) (string, impartial.Actor, error) {
	denied := &impartial.Error{Kind: impartial.Forbidden, Msg: "unknown, expired or revoked API token"}
	if !strings.HasPrefix(token, tokenPrefix) || len(token) > 100 {
		return "", impartial.Actor{}, denied
	}
	parent, err := s.authenticate(ctx, hashToken(token), denied)
	if err != nil {
		return "", impartial.Actor{}, err
	}
	actor := parent.Actor
	session, err := newToken()
	if err != nil {
		return "", impartial.Actor{}, err
	}
	// The session lives no longer than the token: it ends when the token
	// expires, and is refused as soon as the token is revoked (the parent
	// is looked at on every use). A session signed in with a session
	// hangs on the same token.
	c := &impartial.Credential{Hash: hashToken(session), Actor: actor, Label: sessionLabel, CreatedAt: s.stamp(),
		ExpiresAt: parent.ExpiresAt, Parent: parent.Hash}
	if parent.Parent != "" {
		c.Parent = parent.Parent
	}
	if err := s.store.Update(ctx, func(tx impartial.Tx) error {
		if err := tx.PutCredential(ctx, c); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "sign in", actor.String(), sessionLabel)
	}); err != nil {
		return "", impartial.Actor{}, fmt.Errorf("sign in: %w", err)
	}
	return session, actor, nil
}

// SignOut revokes a browser session made by SignIn. An API token is not a
// session and is left alone: signing out of the pages must not break the
// systems that use it. Signing out of an unknown session does nothing.
func (s *Service) SignOut(ctx context.Context, session string) error {
	hash := hashToken(session)
	s.tokens.mu.Lock()
	delete(s.tokens.m, hash)
	s.tokens.mu.Unlock()
	err := s.store.Update(ctx, func(tx impartial.Tx) error {
		c, err := tx.Credential(ctx, hash)
		if impartial.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if c.Label != sessionLabel || !c.RevokedAt.IsZero() {
			return nil
		}
		c.RevokedAt = s.stamp()
		if err := tx.PutCredential(ctx, c); err != nil {
			return err
		}
		return s.audit(ctx, tx, c.Actor, "sign out", c.Actor.String(), sessionLabel)
	})
	if err != nil {
		return fmt.Errorf("sign out: %w", err)
	}
	return nil
}

// SessionActor returns the actor of a browser session that SignIn made and
// that is younger than maxAge, while the API token it was signed in with is
// neither revoked nor expired. An API token, an expired, revoked or unknown
// session, or one whose token has ended, all get the same answer, so that a page never runs on a bare API
// token or a session that should have ended.
func (s *Service) SessionActor(ctx context.Context, session string, maxAge time.Duration) (impartial.Actor, error) {
	denied := &impartial.Error{Kind: impartial.Forbidden, Msg: "the session has ended or is unknown; sign in again"}
	if !strings.HasPrefix(session, tokenPrefix) {
		return impartial.Actor{}, denied
	}
	var c *impartial.Credential
	valid := false
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		var err error
		if c, err = tx.Credential(ctx, hashToken(session)); err != nil {
			return err
		}
		valid, err = s.credentialValid(ctx, tx, c)
		return err
	})
	if impartial.IsNotFound(err) {
		return impartial.Actor{}, denied
	}
	if err != nil {
		return impartial.Actor{}, fmt.Errorf("read session: %w", err)
	}
	if c.Label != sessionLabel || !valid || s.now().Sub(c.CreatedAt) > maxAge {
		return impartial.Actor{}, denied
	}
	return c.Actor, nil
}
