package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/dataset"
)

// RecordETag returns the version of a record as an HTTP entity tag: a hash
// of its content in the interchange format. Records carry no revision
// column; their content is their version, so a change made against a copy
// that is no longer current is detected however the other change was made
// (API, import or web page).
func RecordETag(rec dataset.Record) string {
	w, err := dataset.Wire(rec)
	if err != nil {
		return ""
	}
	b, _ := json.Marshal(w)
	sum := sha256.Sum256(b)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}

// getRecord reads one record of the kind.
func getRecord(ctx context.Context, tx impartial.ReadTx, kind, id string) (dataset.Record, error) {
	switch kind {
	case "entity":
		return tx.Entity(ctx, id)
	case "relationship":
		return tx.Relationship(ctx, id)
	case "contact":
		return tx.Contact(ctx, id)
	case "matter":
		return tx.Matter(ctx, id)
	case "statement":
		return tx.Statement(ctx, id)
	case "correction":
		return tx.Correction(ctx, id)
	case "event":
		return tx.Event(ctx, id)
	}
	return nil, impartial.Errorf(impartial.Invalid, "%q is not a kind of record (want one of %s)", kind, strings.Join(dataset.Kinds, ", "))
}

// notFound is the answer for a record that does not exist or that the caller
// may not know of: the two read the same.
func notFound(kind, id string) error {
	return &impartial.Error{Kind: impartial.NotFound, Msg: fmt.Sprintf("no %s with id %q", kind, id)}
}

// Record returns one record of the kind to a caller who may read it. A
// matter is read through Matter's need-to-know; other records are for
// RecordReaders.
func (s *Service) Record(ctx context.Context, caller impartial.Actor, kind, id string) (dataset.Record, error) {
	if kind == "matter" {
		return s.Matter(ctx, caller, id)
	}
	if err := require(caller, RecordReaders, "reading "+kind+" records"); err != nil {
		return nil, err
	}
	var rec dataset.Record
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		var err error
		rec, err = getRecord(ctx, tx, kind, id)
		return err
	})
	if impartial.IsNotFound(err) {
		return nil, notFound(kind, id)
	}
	if err != nil {
		return nil, fmt.Errorf("read %s %q: %w", kind, id, err)
	}
	return rec, nil
}

// RecordQuery selects records of one kind for a listing, by id order.
type RecordQuery struct {
	Kind  string // entity, relationship, contact, matter, statement, correction
	After string // ids after this one (the cursor)
	Limit int    // at most this many (default 100, at most impartial.MaxPage)
	// Entity: relationships from or to it, contacts it took part in,
	// matters it is a party to or on the team of, statements it made.
	Entity string
	// EntityKind and CoveredOnly narrow entities.
	EntityKind  impartial.EntityKind
	CoveredOnly bool
	Topic       string // matters with this topic
	Statement   string // corrections of this statement
}

// RecordPage is one page of a listing; Next is the cursor of the next page,
// empty on the last.
type RecordPage struct {
	Records []dataset.Record
	Next    string
}

// Records lists records of one kind. Matters are for MatterReaders and each
// caller sees only the matters it may know of (a listing that shows a
// confidential matter is audited); other kinds are for RecordReaders.
func (s *Service) Records(ctx context.Context, caller impartial.Actor, q RecordQuery) (*RecordPage, error) {
	roles := RecordReaders
	if q.Kind == "matter" {
		roles = MatterReaders
	}
	if err := require(caller, roles, "listing "+q.Kind+" records"); err != nil {
		return nil, err
	}
	limit := q.Limit
	switch {
	case limit <= 0:
		limit = 100
	case limit > impartial.MaxPage:
		limit = impartial.MaxPage
	}
	// One more than asked tells whether there is a next page.
	page := impartial.Page{After: q.After, Limit: limit + 1}
	out := &RecordPage{}
	var confidential []string
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		var recs []dataset.Record
		add := func(n int, at func(int) dataset.Record) {
			for i := range n {
				recs = append(recs, at(i))
			}
		}
		switch q.Kind {
		case "entity":
			list, err := tx.Entities(ctx, impartial.EntityFilter{Page: page, Kind: q.EntityKind, CoveredOnly: q.CoveredOnly})
			if err != nil {
				return err
			}
			add(len(list), func(i int) dataset.Record { return list[i] })
		case "relationship":
			list, err := tx.Relationships(ctx, impartial.RelationshipFilter{Page: page, Entity: q.Entity})
			if err != nil {
				return err
			}
			add(len(list), func(i int) dataset.Record { return list[i] })
		case "contact":
			list, err := tx.Contacts(ctx, impartial.ContactFilter{Page: page, Entity: q.Entity})
			if err != nil {
				return err
			}
			add(len(list), func(i int) dataset.Record { return list[i] })
		case "matter":
			// Matters the caller may not know of are skipped, so a page
			// may need more than one read to fill.
			after := page.After
			for len(recs) <= limit {
				list, err := tx.Matters(ctx, impartial.MatterFilter{Page: impartial.Page{After: after, Limit: page.Limit}, Entity: q.Entity, Topic: q.Topic})
				if err != nil {
					return err
				}
				for _, m := range list {
					if caller.MaySee(m) {
						recs = append(recs, m)
					}
				}
				if len(list) < page.Limit {
					break
				}
				after = list[len(list)-1].ID
			}
		case "statement":
			list, err := tx.Statements(ctx, impartial.StatementFilter{Page: page, By: q.Entity})
			if err != nil {
				return err
			}
			add(len(list), func(i int) dataset.Record { return list[i] })
		case "correction":
			list, err := tx.Corrections(ctx, impartial.CorrectionFilter{Page: page, Statement: q.Statement})
			if err != nil {
				return err
			}
			add(len(list), func(i int) dataset.Record { return list[i] })
		case "event":
			list, err := tx.Events(ctx, impartial.EventFilter{Page: page, Entity: q.Entity})
			if err != nil {
				return err
			}
			add(len(list), func(i int) dataset.Record { return list[i] })
		default:
			return impartial.FieldError("listing", "kind", "%q is not a kind of record (want one of %s)", q.Kind, strings.Join(dataset.Kinds, ", "))
		}
		if len(recs) > limit {
			recs = recs[:limit]
			out.Next = RecordID(recs[limit-1])
		}
		out.Records = recs
		for _, r := range recs {
			if m, ok := r.(*impartial.Matter); ok && m.Confidential {
				confidential = append(confidential, m.ID)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list %s records: %w", q.Kind, err)
	}
	if len(confidential) > 0 {
		if err := s.auditRead(ctx, caller, "list matters", strings.Join(confidential, ","), "confidential"); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// RecordID returns a record's id.
func RecordID(rec dataset.Record) string { return id(rec) }

// SaveOptions says how a record is saved.
type SaveOptions struct {
	// Create: the record must not exist yet (a POST); otherwise it must
	// exist (a PUT).
	Create bool
	// IfMatch, when set, is the ETag (RecordETag) of the version the change
	// was made against; the save fails with a Stale error if the stored
	// record is no longer that version.
	IfMatch string
	// NoScreen skips the re-screening of what the change affects.
	NoScreen bool
	// AllowWallChanges lets a change lift a wall (a matter no longer
	// covered by a recusal, or no longer confidential); without it such a
	// change is refused, naming each wall.
	AllowWallChanges bool
}

// SaveResult says what a save did.
type SaveResult struct {
	Created  bool
	ETag     string // the saved record's version
	Screened *RescreenReport
}

// SaveRecord creates or changes one record, validated and checked exactly as
// a line of an import (its references must exist), in one transaction with
// its audit entry and its wall change; then it re-screens what the change
// affects, as an import does. Facts are for RecordKeepers; matters for
// MatterOpeners, where a matter owner must be on the team of the matter
// before and after the change.
func (s *Service) SaveRecord(ctx context.Context, caller impartial.Actor, rec dataset.Record, opt SaveOptions) (*SaveResult, error) {
	kind := kindOf(rec)
	m, isMatter := rec.(*impartial.Matter)
	roles := RecordKeepers
	if isMatter {
		roles = MatterOpeners
	}
	if err := require(caller, roles, "recording "+kind+" records"); err != nil {
		return nil, err
	}
	if isMatter && caller.Role == impartial.MatterOwner && !slices.Contains(m.Team, caller.ID) {
		return nil, impartial.FieldError(rec.Label(), "team", "must include you (%s): a matter owner keeps the matters whose team they are on", caller.ID)
	}
	res := &SaveResult{}
	changes := &changeLog{}
	rid := RecordID(rec)
	err := s.store.Update(ctx, func(tx impartial.Tx) error {
		old, err := getRecord(ctx, tx, kind, rid)
		switch {
		case impartial.IsNotFound(err):
			if !opt.Create {
				return notFound(kind, rid)
			}
		case err != nil:
			return err
		default:
			if om, ok := old.(*impartial.Matter); ok && !caller.MaySee(om) {
				// A confidential matter the caller may not know of: its id
				// reads as free, and taking it reads as a collision no
				// different from any other.
				return &impartial.Error{Kind: impartial.Conflict, Record: rec.Label(), Field: "id", Msg: "cannot be used; choose another id"}
			}
			if opt.Create {
				return &impartial.Error{Kind: impartial.Conflict, Record: rec.Label(), Field: "id",
					Msg: "already exists; change it with PUT and the If-Match of its current version"}
			}
			if om, ok := old.(*impartial.Matter); ok && caller.Role == impartial.MatterOwner && !slices.Contains(om.Team, caller.ID) {
				return &impartial.Error{Kind: impartial.Forbidden, Msg: fmt.Sprintf("you (%s) are not on the team of matter %q", caller.ID, rid)}
			}
			if opt.IfMatch != "" && opt.IfMatch != RecordETag(old) {
				return &impartial.Error{Kind: impartial.Stale, Record: rec.Label(),
					Msg: "was changed since you read it: read it again, reapply your change and send the new ETag in If-Match"}
			}
		}
		im := &importer{tx: tx, seen: map[uint64]int{}, failed: map[string]bool{}, now: s.stamp()}
		if !opt.NoScreen {
			im.changes = changes
		}
		out, err := im.apply(ctx, rec, 1, true)
		if err != nil {
			return err
		}
		res.Created = out == created
		if out == unchanged {
			return nil
		}
		if len(im.wallLosses) > 0 && !opt.AllowWallChanges {
			return &impartial.Error{Kind: impartial.Conflict, Record: rec.Label(), Msg: "refused: the change would lift walls (a record replaces the stored one whole); " +
				"send it again allowing wall changes if that is meant: " + strings.Join(im.wallLosses, "; ")}
		}
		if err := im.appendWallChanges(ctx); err != nil {
			return err
		}
		if !opt.NoScreen {
			// The re-screening the change needs is recorded with it, so a
			// crash after the commit leaves it pending, never lost.
			if _, err := s.recordWork(ctx, tx, changes, "change of "+rec.Label()); err != nil {
				return err
			}
		}
		verb := "change"
		if res.Created {
			verb = "create"
		}
		detail := ""
		if len(im.wallLosses) > 0 {
			detail = "walls lifted (allowed): " + strings.Join(im.wallLosses, "; ")
		}
		return s.audit(ctx, tx, caller, verb+" "+kind, rid, detail)
	})
	if err != nil {
		return nil, fmt.Errorf("save %s: %w", rec.Label(), err)
	}
	res.ETag = RecordETag(rec)
	if !opt.NoScreen && !changes.empty() {
		if res.Screened, err = s.CompletePending(ctx); err != nil {
			return res, &impartial.Error{Kind: impartial.Unavailable, Msg: fmt.Sprintf("save %s: saved, but re-screening failed (%v); "+
				"it is recorded as pending, and until it is done every wall check it may affect denies", rec.Label(), err)}
		}
	}
	return res, nil
}

// ChangeRecord reads the record of the kind, applies change to it and saves
// it with SaveRecord and opt, against the version opt.IfMatch names: the one
// step behind "end this relationship", "end this coverage", "close this
// matter", "add a party to this matter". Who may save is checked before
// anything is read.
func (s *Service) ChangeRecord(ctx context.Context, caller impartial.Actor, kind, id string, opt SaveOptions, change func(dataset.Record) error) (dataset.Record, error) {
	roles := RecordKeepers
	if kind == "matter" {
		roles = MatterOpeners
	}
	if err := require(caller, roles, "changing "+kind+" records"); err != nil {
		return nil, err
	}
	var rec dataset.Record
	var err error
	if kind == "matter" {
		rec, err = s.Matter(ctx, caller, id)
	} else {
		err = s.store.View(ctx, func(tx impartial.ReadTx) error {
			var err error
			rec, err = getRecord(ctx, tx, kind, id)
			return err
		})
		if impartial.IsNotFound(err) {
			err = notFound(kind, id)
		}
	}
	if err != nil {
		return nil, err
	}
	if err := change(rec); err != nil {
		return nil, err
	}
	opt.Create = false
	if _, err := s.SaveRecord(ctx, caller, rec, opt); err != nil {
		return nil, err
	}
	return rec, nil
}
