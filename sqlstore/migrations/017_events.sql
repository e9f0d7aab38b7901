-- Holdings as positions, and the dated events that change them: a holding's
-- share count and the date its value and shares were taken; trades (buy or
-- sell, with date and quantity) and corporate actions (merger, acquisition,
-- spin-off, conversion). An event is kept whole as JSON beside the columns it
-- is looked up by. Existing holdings have no share count and are valued as of
-- their start, as before.
ALTER TABLE relationships ADD COLUMN shares DOUBLE PRECISION;
ALTER TABLE relationships ADD COLUMN valued_on DATE;
ALTER TABLE relationships ADD COLUMN valued_on_prec SMALLINT;
CREATE TABLE events (
    id       TEXT PRIMARY KEY,
    kind     TEXT NOT NULL,
    on_date  DATE NOT NULL,
    holding  TEXT NOT NULL DEFAULT '',
    body     {json} NOT NULL
);
CREATE INDEX events_holding ON events (holding);
CREATE TABLE event_entities (
    event_id  TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    PRIMARY KEY (event_id, entity_id)
);
CREATE INDEX event_entities_entity ON event_entities (entity_id);
