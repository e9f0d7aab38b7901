package service

import (
	"context"
	"fmt"
	"strings"

	"github.com/impartial/impartial"
)

// The read use cases the edges list and show records with. Every one takes
// the acting user and applies need-to-know here, in the service, so that no
// edge can print a confidential matter by reading the store itself: a
// matter the caller may not know of is left out as if it did not exist, and
// every confidential matter read is audited.

// mayExport refuses callers who may not see every matter: an export holds
// all of them.
func mayExport(caller impartial.Actor) error {
	if err := caller.Validate(); err != nil {
		return err
	}
	if !caller.SeesAllMatters() {
		return &impartial.Error{Kind: impartial.Forbidden, Msg: "an export holds every matter, confidential ones included: ethics officials, auditors, admins and systems only"}
	}
	return nil
}

// Counts returns how many records of each kind are stored: for those who
// may see every matter (the count of matters would tell of confidential
// ones).
func (s *Service) Counts(ctx context.Context, caller impartial.Actor) (map[string]int, error) {
	if err := mayExport(caller); err != nil {
		return nil, err
	}
	var c map[string]int
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		var err error
		c, err = tx.Counts(ctx)
		return err
	})
	return c, err
}

// auditConfidential audits, in one entry, the confidential matters among
// those a read returns.
func (s *Service) auditConfidential(ctx context.Context, caller impartial.Actor, action string, ms []*impartial.Matter) error {
	var ids []string
	for _, m := range ms {
		if m.Confidential {
			ids = append(ids, m.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	return s.auditRead(ctx, caller, action, "", "confidential matters: "+strings.Join(ids, ", "))
}

// Names returns the names of the entities with the ids (those that exist).
func (s *Service) Names(ctx context.Context, caller impartial.Actor, ids []string) (map[string]string, error) {
	if err := caller.Validate(); err != nil {
		return nil, err
	}
	out := map[string]string{}
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		for _, id := range ids {
			if _, ok := out[id]; ok {
				continue
			}
			e, err := tx.Entity(ctx, id)
			if impartial.IsNotFound(err) {
				continue
			}
			if err != nil {
				return fmt.Errorf("read entity %q: %w", id, err)
			}
			out[id] = e.Name
		}
		return nil
	})
	return out, err
}
