-- Two derived tables, written in the transactions that write the records
-- they derive from, so that a one-shot screen of one matter reads only its
-- neighbourhood (package service, neighbourhood.go) for parties a hub and
-- the walks of the rules on relatives would otherwise make it read by the
-- thousand, and for parties given by identifier.
--
-- entity_kin: the entities within three family or household relationships
-- of a covered person, with a lower bound of how many (0: covered). An
-- entity not listed is further. Distances are lowered as relationships and
-- coverage are added and left as they are when removed (sqlstore, derived.go).
CREATE TABLE entity_kin (
    id TEXT PRIMARY KEY,
    d  SMALLINT NOT NULL
) {without_rowid};
-- entity_identifiers: every identifier an entity records, by scheme (lower
-- case) and canonical value (impartial.CanonicalIdentifier).
CREATE TABLE entity_identifiers (
    scheme TEXT NOT NULL,
    value  TEXT NOT NULL,
    entity TEXT NOT NULL,
    PRIMARY KEY (scheme, value, entity)
) {without_rowid};
CREATE INDEX entity_identifiers_entity ON entity_identifiers (entity);
-- The matters that record a link to another (most record none), which
-- RelatedTo reads on every one-shot screen of a matter: by index, not by
-- reading every matter's links.
CREATE INDEX matters_related ON matters (id) WHERE related <> '[]';
