package service

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/impartial/impartial"
)

// DisclosureKind says what a covered person discloses.
type DisclosureKind string

// The kinds of disclosure.
const (
	DiscloseHolding  DisclosureKind = "holding"  // a financial interest in a company or fund
	DisclosePosition DisclosureKind = "position" // an office, post or campaign role
	DiscloseContact  DisclosureKind = "contact"  // a meeting or communication
)

// Disclosure is what a covered person tells the ethics office about
// themselves: a holding, a position or a contact. The other side is named;
// a known entity of that name is used, else a new one is recorded.
type Disclosure struct {
	Kind DisclosureKind
	// Name is the company, organisation or person on the other side.
	Name string
	// EntityKind is what the other side is, if it is not yet known.
	EntityKind impartial.EntityKind
	// Role is the position held, or, for a holding, what is held.
	Role string
	// Type is the kind of relationship of a position: position,
	// employment, campaign or membership (default position).
	Type  impartial.RelType
	Whose impartial.Whose
	// Amount is a holding's value.
	Amount     *impartial.Amount
	Start, End impartial.Date
	// Date, Place and Capacity describe a contact.
	Date     impartial.Date
	Place    string
	Capacity impartial.Capacity
	Note     string
}

// DisclosureReceipt says what a disclosure recorded, in the person's own
// terms: never which matters the re-screen touched.
type DisclosureReceipt struct {
	Record string // the relationship or contact recorded
	// NewEntity is set when the other side was not known before.
	NewEntity string
}

// matchCertain is the name-match score at which a disclosed name is taken
// to be a known entity rather than a new one.
const matchCertain = 0.97

// Disclose records a covered person's disclosure about themselves, as
// reported, and re-screens what it affects. Only the person themselves
// discloses here; the receipt names no matter and nothing of anyone else.
func (s *Service) Disclose(ctx context.Context, caller impartial.Actor, d Disclosure) (*DisclosureReceipt, error) {
	if caller.Role != impartial.Covered {
		return nil, &impartial.Error{Kind: impartial.Forbidden, Msg: "a covered person discloses their own holdings, positions and contacts; ethics officials import records"}
	}
	rec := "disclosure"
	d.Name = strings.TrimSpace(d.Name)
	if d.Name == "" {
		return nil, impartial.FieldError(rec, "name", "is required: who or what is on the other side")
	}
	if len(d.Name) > 300 {
		return nil, impartial.FieldError(rec, "name", "is longer than 300 characters")
	}
	if !slices.Contains([]DisclosureKind{DiscloseHolding, DisclosePosition, DiscloseContact}, d.Kind) {
		return nil, impartial.FieldError(rec, "kind", "%q is not something to disclose (want holding, position or contact)", d.Kind)
	}
	// The other side: a known entity of the same name, else a new one.
	kind := d.EntityKind
	if kind == "" {
		kind = map[DisclosureKind]impartial.EntityKind{DiscloseHolding: impartial.Company, DisclosePosition: impartial.Organization, DiscloseContact: impartial.Person}[d.Kind]
	}
	if !kind.Valid() {
		return nil, impartial.FieldError(rec, "entity_kind", "%q is not an entity kind", kind)
	}
	var other *impartial.Entity
	hits, err := s.SearchNames(ctx, d.Name, kind, 1)
	if err != nil {
		return nil, err
	}
	if len(hits) > 0 && hits[0].Score >= matchCertain && hits[0].Entity.ID != caller.ID {
		other = hits[0].Entity
	}
	now := s.stamp()
	today := impartial.DateOf(now)
	suffix := randomSuffix()
	receipt := &DisclosureReceipt{}
	var newEntity *impartial.Entity
	if other == nil {
		newEntity = &impartial.Entity{ID: "disclosed-" + suffix, Kind: kind, Name: d.Name,
			Source: fmt.Sprintf("disclosed by %s on %s", caller.ID, today)}
		newEntity.Normalize()
		if err := newEntity.Validate(); err != nil {
			return nil, err
		}
		other = newEntity
		receipt.NewEntity = newEntity.ID
	}
	source := fmt.Sprintf("disclosed by %s on %s", caller.ID, today)
	var rel *impartial.Relationship
	var contact *impartial.Contact
	switch d.Kind {
	case DiscloseContact:
		if d.Date.IsZero() {
			return nil, impartial.FieldError(rec, "date", "is required for a contact (a year alone will do)")
		}
		contact = &impartial.Contact{ID: "disclosed-contact-" + suffix, Participants: []string{caller.ID, other.ID}, Date: d.Date,
			Place: strings.TrimSpace(d.Place), Capacity: d.Capacity, ReportedBy: caller.ID, ReportedOn: today,
			Status: impartial.Reported, Source: source, Note: strings.TrimSpace(d.Note)}
		contact.Normalize()
		if err := contact.Validate(); err != nil {
			return nil, err
		}
		receipt.Record = contact.ID
	default:
		typ := impartial.Holding
		if d.Kind == DisclosePosition {
			typ = d.Type
			if typ == "" {
				typ = impartial.Position
			}
			if !slices.Contains([]impartial.RelType{impartial.Position, impartial.Employment, impartial.Campaign, impartial.Membership}, typ) {
				return nil, impartial.FieldError(rec, "type", "%q is not a kind of position (want position, employment, campaign or membership)", typ)
			}
		}
		rel = &impartial.Relationship{ID: "disclosed-" + string(d.Kind) + "-" + suffix, From: caller.ID, To: other.ID, Type: typ,
			Role: strings.TrimSpace(d.Role), Span: impartial.Span{Start: d.Start, End: d.End}, Amount: d.Amount,
			Status: impartial.Reported, Source: source, Note: strings.TrimSpace(d.Note)}
		if typ == impartial.Holding {
			rel.Whose = d.Whose
		}
		rel.Normalize()
		if err := rel.Validate(); err != nil {
			return nil, err
		}
		receipt.Record = rel.ID
	}
	log := &changeLog{}
	err = s.store.Update(ctx, func(tx impartial.Tx) error {
		me, err := tx.Entity(ctx, caller.ID)
		if err != nil {
			return err
		}
		if me.Coverage == nil {
			return &impartial.Error{Kind: impartial.Forbidden, Msg: "only a covered person discloses here"}
		}
		if newEntity != nil {
			if err := tx.PutEntity(ctx, newEntity); err != nil {
				return err
			}
			log.record(nil, newEntity)
		}
		if rel != nil {
			if err := tx.PutRelationship(ctx, rel); err != nil {
				return err
			}
			log.record(nil, rel)
		}
		if contact != nil {
			if err := tx.PutContact(ctx, contact); err != nil {
				return err
			}
			log.record(nil, contact)
		}
		// The re-screening the disclosure requires is recorded with it, so
		// that it is done even if this process dies before doing it.
		if _, err := s.recordWork(ctx, tx, log, "disclosure "+receipt.Record); err != nil {
			return err
		}
		return s.audit(ctx, tx, caller, "disclose "+string(d.Kind), receipt.Record, d.Name)
	})
	if err != nil {
		return nil, fmt.Errorf("record the disclosure: %w", err)
	}
	if _, err := s.CompletePending(ctx); err != nil {
		return receipt, fmt.Errorf("recorded the disclosure, but re-screening failed: %w", err)
	}
	return receipt, nil
}

func randomSuffix() string {
	var b [6]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
