package impartial

import (
	"context"
	"time"
)

// Store keeps the records. Its transactions are closures: the store begins,
// commits when fn returns nil and rolls back otherwise, so no caller can leave
// a multi-row change half-written. Implementations live in the sqlite and
// postgres packages and pass one conformance suite (storetest).
type Store interface {
	// View runs fn in a read-only transaction with a consistent snapshot.
	View(ctx context.Context, fn func(ReadTx) error) error
	// Update runs fn in a read-write transaction.
	Update(ctx context.Context, fn func(Tx) error) error
	// WallRevision returns the newest committed wall revision, outside any
	// transaction: the one read every wall check makes before it may answer
	// from a cache, so it must be cheap.
	WallRevision(ctx context.Context) (int64, error)
	// Close releases the store's connections.
	Close() error
}

// MaxPage is the most records one listing returns.
const MaxPage = 10000

// Page selects a slice of a listing ordered by id: the records with ids
// after After, at most Limit of them (0 means the store's default, 1000;
// more than MaxPage means MaxPage).
type Page struct {
	After string
	Limit int
}

// EntityFilter selects entities.
type EntityFilter struct {
	Page
	Kind        EntityKind // empty for all
	CoveredOnly bool
}

// RelationshipFilter selects relationships.
type RelationshipFilter struct {
	Page
	Entity string // relationships from or to this entity; empty for all
}

// ContactFilter selects contacts.
type ContactFilter struct {
	Page
	Entity string // contacts this entity took part in; empty for all
}

// MatterFilter selects matters.
type MatterFilter struct {
	Page
	Entity string // matters where this entity is a party or on the team
	Topic  string // matters with this topic (compared by TopicKey)
}

// StatementFilter selects statements.
type StatementFilter struct {
	Page
	By string // statements by this entity; empty for all
}

// EventFilter selects events: trades of one holding, corporate actions
// naming one entity.
type EventFilter struct {
	Page
	Holding string // trades of this holding relationship
	Entity  string // corporate actions naming this entity (entity, into or a subsidiary)
}

// EventReader reads trades and corporate actions.
type EventReader interface {
	Event(ctx context.Context, id string) (*Event, error)
	Events(ctx context.Context, f EventFilter) ([]*Event, error)
}

// CorrectionFilter selects corrections.
type CorrectionFilter struct {
	Page
	Statement string // corrections of this statement; empty for all
}

// EntityReader reads entities.
type EntityReader interface {
	// Entity returns the entity or a NotFound error.
	Entity(ctx context.Context, id string) (*Entity, error)
	Entities(ctx context.Context, f EntityFilter) ([]*Entity, error)
}

// RelationshipReader reads relationships.
type RelationshipReader interface {
	Relationship(ctx context.Context, id string) (*Relationship, error)
	Relationships(ctx context.Context, f RelationshipFilter) ([]*Relationship, error)
}

// ContactReader reads contacts.
type ContactReader interface {
	Contact(ctx context.Context, id string) (*Contact, error)
	Contacts(ctx context.Context, f ContactFilter) ([]*Contact, error)
}

// MatterReader reads matters.
type MatterReader interface {
	Matter(ctx context.Context, id string) (*Matter, error)
	Matters(ctx context.Context, f MatterFilter) ([]*Matter, error)
}

// StatementReader reads statements and their corrections.
type StatementReader interface {
	Statement(ctx context.Context, id string) (*Statement, error)
	Statements(ctx context.Context, f StatementFilter) ([]*Statement, error)
	Correction(ctx context.Context, id string) (*Correction, error)
	Corrections(ctx context.Context, f CorrectionFilter) ([]*Correction, error)
}

// ReadTx is what a read-only transaction can do.
type ReadTx interface {
	EntityReader
	RelationshipReader
	ContactReader
	MatterReader
	StatementReader
	EventReader
	WallReader
	FindingReader
	RescreenReader
	Credential(ctx context.Context, hash string) (*Credential, error)
	// Credentials lists credentials ordered by hash, those after p.After.
	Credentials(ctx context.Context, p Page) ([]*Credential, error)
	// AuditEvents returns the trail's entries after seq, oldest first.
	AuditEvents(ctx context.Context, after int64, limit int) ([]AuditEvent, error)
	// AuditHead returns the head recorded apart from the entries, or a
	// NotFound error when its record is gone (which only tampering does).
	AuditHead(ctx context.Context) (AuditHead, error)
	// Exists reports whether a record of the kind ("entity", "statement",
	// ...) with the id exists: the cheap check behind reference validation.
	Exists(ctx context.Context, record, id string) (bool, error)
	// Counts returns how many records of each kind the store holds, keyed by
	// record name ("entity", "relationship", ...).
	Counts(ctx context.Context) (map[string]int, error)
	RecordChangeReader
	KeyReader
	NeighbourhoodReader
}

// NeighbourhoodReader reads what touches a few entities, by index: what a
// one-shot command reads to screen one matter without loading every record
// (see package service, neighbourhood.go).
type NeighbourhoodReader interface {
	// Adjacent returns the relationships from or to any of ids, the
	// contacts any of them took part in, and the events that name any of
	// them or are trades of a holding returned, each once and in id order.
	// With coveredOnly, only the relationships whose other end is a covered
	// person, and the contacts in which one of ids met a covered person
	// other than itself, are returned (events as without it), and Links
	// says what each of ids has recorded, returned or not.
	Adjacent(ctx context.Context, ids []string, coveredOnly bool) (*Adjacency, error)
	// RelatedTo returns the matters that record the matter id as the same
	// or substantially related (a link is recorded on one side only), in
	// id order.
	RelatedTo(ctx context.Context, id string) ([]*Matter, error)
	// KinDistances returns, for those of ids that are within KinReach
	// family or household relationships (of any date or status, either
	// way) of a covered person, a lower bound of how many (0 for a covered
	// person itself); an id left out is more than KinReach away. The store
	// keeps the distances in the transactions that write relationships and
	// coverage, lowering them as relationships and coverage are added and
	// leaving them when removed, so a distance is never above the truth.
	KinDistances(ctx context.Context, ids []string) (map[string]int, error)
	// LinkSummaries returns, for those of ids that no event names and that
	// no relationship or contact links to a covered person, what Adjacent
	// with coveredOnly would say they have recorded — the types, or more —
	// and for which it would return no relationship, contact or event. An
	// id left out may be linked to a covered person or named by an event
	// (the caller probes it). The store keeps the summaries in the
	// transactions that write the records, setting what they add and
	// leaving what removals would clear, so a summary never says less than
	// the truth.
	LinkSummaries(ctx context.Context, ids []string) (map[string]*LinkTypes, error)
	// IdentifiedEntities returns the ids of the entities that record any of
	// ids (the scheme compared without case, the value canonically: see
	// CanonicalIdentifier), each once, in id order. It may return an entity
	// that no longer records one (the caller checks), never leave one out.
	IdentifiedEntities(ctx context.Context, ids []Identifier) ([]string, error)
}

// KinReach is how many family and household relationships away from a
// covered person KinDistances tells the distance of: the relatives within
// the third degree that the judiciary's rules follow.
const KinReach = 3

// Adjacency is what Adjacent returns.
type Adjacency struct {
	Relationships []*Relationship
	Contacts      []*Contact
	Events        []*Event
	// Links, with coveredOnly, by entity id: the types of every
	// relationship recorded from it and to it, and whether it took part in
	// a contact — what screening needs to know that a walk cannot go on
	// through the entity, without reading its relationships.
	Links map[string]*LinkTypes
}

// LinkTypes is what Adjacency.Links says of an entity.
type LinkTypes struct {
	From, To []RelType // sorted, each once
	Contact  bool
}

// KeyReader reads the entity keys: the terms each entity's names are filed
// under (package namekeys), written in the transaction that writes the
// entity, so that a one-shot name search or scan reads the entities it can
// find and no others.
type KeyReader interface {
	// KeyCounts returns how many times each of keys is filed, for the keys
	// filed at all.
	KeyCounts(ctx context.Context, keys []string) (map[string]int, error)
	// KeyedEntities returns the ids of the entities filed under any of
	// keys, in id order, the first limit of them (all if limit is 0).
	KeyedEntities(ctx context.Context, keys []string, limit int) ([]string, error)
	// EntitiesByID returns the entities with the ids, in id order; ids
	// without an entity are left out.
	EntitiesByID(ctx context.Context, ids []string) ([]*Entity, error)
	// KeyTotal returns how many aliases are filed: the corpus a name
	// search ranks with.
	KeyTotal(ctx context.Context) (int, error)
}

// Tx is what a read-write transaction can do. Put creates the record or
// replaces the one with the same id. It does not check references beyond the
// store's own integrity constraints; the service validates first.
type Tx interface {
	ReadTx
	PutEntity(ctx context.Context, e *Entity) error
	PutRelationship(ctx context.Context, r *Relationship) error
	PutContact(ctx context.Context, c *Contact) error
	PutMatter(ctx context.Context, m *Matter) error
	PutStatement(ctx context.Context, s *Statement) error
	PutCorrection(ctx context.Context, c *Correction) error
	PutEvent(ctx context.Context, e *Event) error
	WallWriter
	FindingWriter
	RescreenWriter
	PutCredential(ctx context.Context, c *Credential) error
	AuditStore
}

// WallChange is one entry of the wall change feed: something that can change
// a wall check's answer (a recusal, permission or determination recorded; a
// matter opened or changed). Seq is the revision; it only grows, and in the
// order the changes were committed, so a downstream system can resume from
// the last Seq it saw.
type WallChange struct {
	Seq    int64     `json:"seq"`
	At     time.Time `json:"at"`
	Kind   string    `json:"kind"` // "recusal", "permission", "determination", "matter", "finding"
	Person string    `json:"person,omitempty"`
	Matter string    `json:"matter,omitempty"`
	Record string    `json:"record,omitempty"`
}

// RecusalFilter selects recusals.
type RecusalFilter struct {
	Page
	Person string // recusals of this person; empty for all
}

// PermissionFilter selects permissions.
type PermissionFilter struct {
	Page
	Person string
	Matter string
}

// DeterminationFilter selects determinations.
type DeterminationFilter struct {
	Page
	Person string
	Matter string
}

// WallReader reads what the walls rest on.
type WallReader interface {
	Recusal(ctx context.Context, id string) (*Recusal, error)
	Recusals(ctx context.Context, f RecusalFilter) ([]*Recusal, error)
	Permission(ctx context.Context, id string) (*Permission, error)
	Permissions(ctx context.Context, f PermissionFilter) ([]*Permission, error)
	Determination(ctx context.Context, id string) (*Determination, error)
	Determinations(ctx context.Context, f DeterminationFilter) ([]*Determination, error)
	// WallRevision returns the Seq of the newest wall change, 0 if none.
	WallRevision(ctx context.Context) (int64, error)
	// WallChanges returns the changes with Seq after after, oldest first.
	WallChanges(ctx context.Context, after int64, limit int) ([]WallChange, error)
}

// WallWriter records what the walls rest on. Every write that can change a
// wall check's answer must append a WallChange in the same transaction.
type WallWriter interface {
	PutRecusal(ctx context.Context, r *Recusal) error
	// AddRecusal records a new recusal; one whose id is already recorded
	// is refused with a Conflict by the database's key, so that writers
	// racing to record the same recusal cannot both succeed (a check
	// before the write could not tell them apart).
	AddRecusal(ctx context.Context, r *Recusal) error
	PutPermission(ctx context.Context, p *Permission) error
	PutDetermination(ctx context.Context, d *Determination) error
	// AppendWallChange appends c (its Seq is assigned) and returns the Seq.
	AppendWallChange(ctx context.Context, c WallChange) (int64, error)
}

// FindingFilter selects stored findings.
type FindingFilter struct {
	Person  string
	Matter  string
	Outcome Outcome // empty for all
	// After pages: only findings after this one in the listing's order
	// (matter, person, rule); zero for the first page.
	After FindingKey
	// ComputedBefore keeps only findings computed before it, to find the
	// old ones; zero for all.
	ComputedBefore time.Time
	Limit          int // 0 for the store's default, 1000
}

// FindingKey identifies a stored finding: a person, a matter and a rule.
type FindingKey struct {
	Matter, Person, Rule string
}

// StoredFinding is a finding as kept: with when it was computed.
type StoredFinding struct {
	Finding
	ComputedAt time.Time `json:"computed_at"`
}

// FindingReader reads stored findings.
type FindingReader interface {
	// Findings returns stored findings ordered by matter, person and rule.
	Findings(ctx context.Context, f FindingFilter) ([]*StoredFinding, error)
}

// FindingWriter replaces stored findings.
type FindingWriter interface {
	// DeleteFindings removes the findings of a person on a matter (either
	// may be empty for all) and returns them, so that the caller can tell
	// what a re-screening changed.
	DeleteFindings(ctx context.Context, person, matter string) ([]*StoredFinding, error)
	PutFinding(ctx context.Context, f *StoredFinding) error
}

// Credential is an API token's record. The token itself is never stored,
// only its SHA-256 hash.
type Credential struct {
	Hash      string // hex SHA-256 of the token
	Actor     Actor
	Label     string
	CreatedAt time.Time
	RevokedAt time.Time
	ExpiresAt time.Time // zero: does not expire
	// Parent is the hash of the credential this one was made from (a
	// browser session signed in with an API token): it is valid only while
	// that one is.
	Parent string
}

// Valid reports whether the credential may be used at now: not revoked, not
// expired.
func (c *Credential) Valid(now time.Time) bool {
	return c.RevokedAt.IsZero() && (c.ExpiresAt.IsZero() || now.Before(c.ExpiresAt))
}

// AuditStore keeps the audit trail. The service computes the hashes; the
// store keeps the entries in order and appends under a lock, so that two
// writers cannot both extend the same entry.
type AuditStore interface {
	// LastAudit returns the newest entry, or nil for an empty trail. In a
	// read-write transaction it first takes the trail's lock.
	LastAudit(ctx context.Context) (*AuditEvent, error)
	// PutAudit appends e and records it as the head, in the same
	// transaction; it fails when the head's record is gone.
	PutAudit(ctx context.Context, e *AuditEvent) error
}

// RecordChange is one entry of the record change feed: a record of the kind
// ("entity", "relationship", "contact", "matter", "permission") with the id
// was written. Kind "*" means that more was written than the feed lists one
// by one: read everything again. Seq only grows, in commit order.
type RecordChange struct {
	Seq  int64
	Kind string
	ID   string
}

// RecordChangeReader reads the record change feed, which the store appends
// to in the transaction that writes the records.
type RecordChangeReader interface {
	// RecordRevision returns the Seq of the newest record change, 0 if none.
	RecordRevision(ctx context.Context) (int64, error)
	// RecordChanges returns the changes with Seq after after, oldest first.
	RecordChanges(ctx context.Context, after int64, limit int) ([]RecordChange, error)
}

// MaxTrackedRecords is how many records one transaction lists in the record
// change feed; past it, the feed says "everything".
const MaxTrackedRecords = 10000
