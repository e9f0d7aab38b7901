-- entity_links: a derived table, written in the transactions that write the
-- records it summarises (sqlstore, links.go), so that a one-shot screen of
-- one matter need not probe each of a hub's thousands of holders (package
-- service, neighbourhood.go). Per entity: a bit per relationship type
-- recorded from it (outs) and to it (ins), and flags: 1 took part in a
-- contact, 2 linked to a covered person by a relationship or contact, 4
-- named by an event, 8 has a relationship of a type without a bit. Bits are
-- set as records are written and left as they are when records are removed,
-- so a summary never says less than the truth. An entity not listed has
-- nothing recorded (or is probed as if it had).
CREATE TABLE entity_links (
    id    TEXT PRIMARY KEY,
    outs  INTEGER NOT NULL,
    ins   INTEGER NOT NULL,
    flags INTEGER NOT NULL
) {without_rowid};
