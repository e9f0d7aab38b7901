-- Recusals, permissions (authorizations, waivers, cures, screens),
-- determinations, and the wall change feed whose sequence is the revision
-- every wall check reports.
CREATE TABLE recusals (
    id               TEXT PRIMARY KEY,
    person_id        TEXT NOT NULL REFERENCES entities (id),
    effective        DATE NOT NULL,
    effective_prec   SMALLINT NOT NULL,
    ended            DATE,
    ended_prec       SMALLINT,
    scope            {json} NOT NULL,
    scope_text       TEXT NOT NULL,
    basis            TEXT NOT NULL DEFAULT '',
    rules            {json} NOT NULL DEFAULT '[]',
    findings         {json} NOT NULL DEFAULT '[]',
    delegate         TEXT NOT NULL DEFAULT '',
    public_statement TEXT NOT NULL DEFAULT '',
    recorded_by      TEXT NOT NULL DEFAULT '',
    recorded_at      {timestamp},
    acknowledged_at  {timestamp},
    source           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX recusals_person ON recusals (person_id);

CREATE TABLE permissions (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    person_id    TEXT NOT NULL REFERENCES entities (id),
    matter_id    TEXT REFERENCES matters (id),
    rules        {json} NOT NULL DEFAULT '[]',
    granted      DATE,
    granted_prec SMALLINT,
    granted_by   TEXT NOT NULL DEFAULT '',
    start_on     DATE,
    start_prec   SMALLINT,
    end_on       DATE,
    end_prec     SMALLINT,
    reason       TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX permissions_person ON permissions (person_id);

CREATE TABLE determinations (
    id             TEXT PRIMARY KEY,
    person_id      TEXT NOT NULL REFERENCES entities (id),
    matter_id      TEXT NOT NULL REFERENCES matters (id),
    rule           TEXT NOT NULL DEFAULT '',
    recommendation TEXT NOT NULL DEFAULT '',
    review_reasons TEXT NOT NULL DEFAULT '',
    reviewed_by    TEXT NOT NULL DEFAULT '',
    reviewed_at    {timestamp},
    decision       TEXT NOT NULL DEFAULT '',
    reasons        TEXT NOT NULL DEFAULT '',
    decided_by     TEXT NOT NULL DEFAULT '',
    decided_at     {timestamp},
    recusal_id     TEXT REFERENCES recusals (id),
    permission_id  TEXT REFERENCES permissions (id),
    supersedes     TEXT UNIQUE REFERENCES determinations (id)
);
CREATE INDEX determinations_person_matter ON determinations (person_id, matter_id);

CREATE TABLE wall_changes (
    seq       {serial},
    at        {timestamp} NOT NULL,
    kind      TEXT NOT NULL,
    person_id TEXT NOT NULL DEFAULT '',
    matter_id TEXT NOT NULL DEFAULT '',
    record    TEXT NOT NULL DEFAULT ''
);
