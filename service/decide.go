package service

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/rules"
)

// singleMatterKinds are the permissions that, by law, cover one matter only:
// a later matter with the same party needs its own.
var singleMatterKinds = []impartial.PermissionKind{impartial.Authorization, impartial.Waiver, impartial.Consent}

// rule finds a rule by id in the service's rulebooks.
func (s *Service) rule(id string) (*rules.Rule, error) {
	set, err := s.ruleSet()
	if err != nil {
		return nil, err
	}
	for _, b := range set.Books() {
		if r := b.Rule(id); r != nil {
			return r, nil
		}
	}
	return nil, nil
}

// Authorize records an authorization, waiver, consent, exemption, cure or
// screen. Authorizations, waivers and consents are for one matter only and
// must name the rules they lift; a rule whose grounds cannot be waived (28
// USC 455(b), by 455(e)) refuses them, and says what can cure it instead.
func (s *Service) Authorize(ctx context.Context, caller impartial.Actor, p *impartial.Permission) error {
	if !caller.Decides() {
		return &impartial.Error{Kind: impartial.Forbidden, Msg: "only an ethics official records authorizations"}
	}
	if p.GrantedBy == "" {
		p.GrantedBy = caller.ID
	}
	if p.Granted.IsZero() {
		p.Granted = impartial.DateOf(s.now())
	}
	if err := p.Validate(); err != nil {
		return err
	}
	if slices.Contains(singleMatterKinds, p.Kind) {
		if p.Matter == "" {
			return impartial.FieldError(p.Label(), "matter", "is required: an %s covers one matter only", p.Kind)
		}
		if len(p.Rules) == 0 {
			return impartial.FieldError(p.Label(), "rules", "is required: name the rules the %s lifts", p.Kind)
		}
	}
	if err := s.checkPermissionRules(p); err != nil {
		return err
	}
	err := s.store.Update(ctx, func(tx impartial.Tx) error {
		if err := s.checkPermissionRefs(ctx, tx, p); err != nil {
			return err
		}
		if err := tx.PutPermission(ctx, p); err != nil {
			return err
		}
		if _, err := tx.AppendWallChange(ctx, impartial.WallChange{At: s.stamp(), Kind: "permission", Person: p.Person, Matter: p.Matter, Record: p.ID}); err != nil {
			return err
		}
		// Stored findings the permission lifts become "permitted", saying
		// which: work recorded here, in the same transaction, so that it is
		// done even if this process dies before it does it.
		held, err := tx.Findings(ctx, impartial.FindingFilter{Person: p.Person, Matter: p.Matter, Limit: 1})
		if err != nil {
			return err
		}
		if len(held) > 0 {
			log := &changeLog{}
			log.record(nil, p)
			if _, err := s.recordWork(ctx, tx, log, fmt.Sprintf("%s %s", p.Kind, p.ID)); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, caller, "record "+string(p.Kind), p.ID, fmt.Sprintf("%s on %s: %s", p.Person, p.Matter, p.Reason))
	})
	if err != nil {
		return fmt.Errorf("record %s: %w", p.Label(), err)
	}
	if _, err := s.CompletePending(ctx); err != nil {
		return fmt.Errorf("recorded %s, but re-screening failed (it stays pending, and checks it may affect deny until it is done): %w", p.Label(), err)
	}
	return nil
}

// checkPermissionRules refuses a permission that a rule it names cannot be
// lifted by: a waiver of a ground that cannot be waived (28 USC 455(b), by
// 455(e)), an authorization where only divestiture cures.
func (s *Service) checkPermissionRules(p *impartial.Permission) error {
	for i, id := range p.Rules {
		r, err := s.rule(id)
		if err != nil {
			return err
		}
		if r == nil {
			return impartial.FieldError(p.Label(), fmt.Sprintf("rules[%d]", i), "no rule %q in the rulebooks", id)
		}
		if !slices.Contains(r.PermittedBy, p.Kind) {
			msg := fmt.Sprintf("%s (%s) cannot be lifted by %s", r.ID, r.Citation, article(string(p.Kind)))
			if !r.Waivable {
				msg = fmt.Sprintf("%s (%s) cannot be waived", r.ID, r.Citation)
			}
			if len(r.PermittedBy) > 0 {
				var kinds []string
				for _, k := range r.PermittedBy {
					kinds = append(kinds, string(k))
				}
				msg += "; it is lifted only by " + strings.Join(kinds, " or ")
			} else {
				msg += "; the person must not participate"
			}
			return &impartial.Error{Kind: impartial.Conflict, Record: p.Label(), Field: fmt.Sprintf("rules[%d]", i), Msg: msg}
		}
	}
	return nil
}

func (s *Service) checkPermissionRefs(ctx context.Context, tx impartial.Tx, p *impartial.Permission) error {
	ent, err := tx.Entity(ctx, p.Person)
	if impartial.IsNotFound(err) {
		return impartial.FieldError(p.Label(), "person", "no entity %q", p.Person)
	}
	if err != nil {
		return err
	}
	if ent.Kind != impartial.Person {
		return impartial.FieldError(p.Label(), "person", "%s is a %s, not a person", ent.Name, ent.Kind)
	}
	if p.Matter != "" {
		if ok, err := tx.Exists(ctx, "matter", p.Matter); err != nil {
			return err
		} else if !ok {
			return impartial.FieldError(p.Label(), "matter", "no matter %q", p.Matter)
		}
	}
	return nil
}

func article(word string) string {
	if strings.ContainsRune("aeiou", rune(word[0])) {
		return "an " + word
	}
	return "a " + word
}

// Determine records an ethics official's review or decision on a finding. It
// supersedes the latest determination for the same person, matter and rule,
// never edits it. A decision to recuse records a recusal from the matter; a
// decision to authorize records a single-matter authorization of the rule
// (refused where the rule cannot be waived); a decision of no conflict
// disposes of the finding.
func (s *Service) Determine(ctx context.Context, caller impartial.Actor, d *impartial.Determination) error {
	if !caller.Decides() {
		return &impartial.Error{Kind: impartial.Forbidden, Msg: "only an ethics official records determinations"}
	}
	now := s.stamp()
	if d.Recommendation != "" {
		d.ReviewedBy, d.ReviewedAt = caller.ID, now
	}
	if d.Decision != "" {
		d.DecidedBy, d.DecidedAt = caller.ID, now
	}
	var permission *impartial.Permission
	if d.Decision == impartial.DecideAuthorize {
		permission = &impartial.Permission{Kind: impartial.Authorization, Person: d.Person, Matter: d.Matter,
			Rules: []string{d.Rule}, GrantedBy: caller.ID, Granted: impartial.DateOf(now), Reason: d.Reasons}
	}
	err := s.store.Update(ctx, func(tx impartial.Tx) error {
		prior, err := all(func(pg impartial.Page) ([]*impartial.Determination, error) {
			return tx.Determinations(ctx, impartial.DeterminationFilter{Page: pg, Person: d.Person, Matter: d.Matter})
		}, func(d *impartial.Determination) string { return d.ID })
		if err != nil {
			return err
		}
		superseded := supersededIDs(prior)
		for _, p := range prior {
			if p.Rule == d.Rule && !superseded[p.ID] && d.Supersedes == "" {
				d.Supersedes = p.ID
			}
		}
		if d.ID == "" {
			d.ID = fmt.Sprintf("det-%s-%s-%d", d.Person, d.Matter, len(prior)+1)
		}
		if err := d.Validate(); err != nil {
			return err
		}
		m, err := tx.Matter(ctx, d.Matter)
		if impartial.IsNotFound(err) {
			return impartial.FieldError(d.Label(), "matter", "no matter %q", d.Matter)
		}
		if err != nil {
			return err
		}
		person, err := tx.Entity(ctx, d.Person)
		if impartial.IsNotFound(err) {
			return impartial.FieldError(d.Label(), "person", "no entity %q", d.Person)
		}
		if err != nil {
			return err
		}
		switch d.Decision {
		case impartial.DecideRecuse:
			scope := fmt.Sprintf("the matter %q", m.Title)
			if m.Confidential {
				scope = fmt.Sprintf("a matter identified to you by the ethics office (reference %s)", d.ID)
			}
			r := &impartial.Recusal{ID: "recusal-" + d.ID, Person: d.Person, Effective: impartial.DateOf(now),
				Matters: []string{m.ID}, ScopeText: scope, Basis: d.Reasons, Rules: nonEmpty(d.Rule),
				RecordedBy: caller.ID, RecordedAt: now}
			r.PublicStatement = fmt.Sprintf("%s has recused from a matter on the advice of ethics officials. "+
				"This recusal should not be taken as confirmation of the existence of any investigation or other matter.", person.Name)
			if err := tx.AddRecusal(ctx, r); err != nil {
				return err
			}
			d.Recusal = r.ID
		case impartial.DecideAuthorize:
			permission.ID = "auth-" + d.ID
			d.Permission = permission.ID
		}
		if permission != nil {
			if err := s.checkPermissionRules(permission); err != nil {
				return err
			}
			if err := s.checkPermissionRefs(ctx, tx, permission); err != nil {
				return err
			}
			if err := tx.PutPermission(ctx, permission); err != nil {
				return err
			}
		}
		if err := tx.PutDetermination(ctx, d); err != nil {
			return err
		}
		if _, err = tx.AppendWallChange(ctx, impartial.WallChange{At: now, Kind: "determination", Person: d.Person, Matter: d.Matter, Record: d.ID}); err != nil {
			return err
		}
		return s.audit(ctx, tx, caller, "record determination", d.ID, fmt.Sprintf("%s on %s under %s: recommendation %q, decision %q", d.Person, d.Matter, d.Rule, d.Recommendation, d.Decision))
	})
	if err != nil {
		return fmt.Errorf("record determination: %w", err)
	}
	return nil
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// supersededIDs returns the ids of the determinations that a later one
// supersedes: what is left is the current word on each finding.
func supersededIDs(dets []*impartial.Determination) map[string]bool {
	out := map[string]bool{}
	for _, d := range dets {
		if d.Supersedes != "" {
			out[d.Supersedes] = true
		}
	}
	return out
}
