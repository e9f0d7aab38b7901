-- Migrations are written once for both databases: {json}, {timestamp} and
-- {serial} stand for the column types each dialect uses (sqlstore.Dialect).
-- The records: entities, relationships, contacts, matters, statements.
-- Dates are stored as the first day they can mean (DATE) with their precision
-- (1 year, 2 month, 3 day), so that "July 2016" stays a month.
CREATE TABLE entities (
    id             TEXT PRIMARY KEY,
    kind           TEXT NOT NULL,
    name           TEXT NOT NULL,
    aliases        {json} NOT NULL DEFAULT '[]',
    identifiers    {json} NOT NULL DEFAULT '[]',
    flags          {json} NOT NULL DEFAULT '[]',
    cov_regime     TEXT,
    cov_position   TEXT NOT NULL DEFAULT '',
    cov_start      DATE,
    cov_start_prec SMALLINT,
    cov_end        DATE,
    cov_end_prec   SMALLINT,
    source         TEXT NOT NULL DEFAULT '',
    note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX entities_covered ON entities (id) WHERE cov_regime IS NOT NULL;

CREATE TABLE relationships (
    id         TEXT PRIMARY KEY,
    from_id    TEXT NOT NULL REFERENCES entities (id),
    to_id      TEXT NOT NULL REFERENCES entities (id),
    type       TEXT NOT NULL,
    role       TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT '',
    capacity   TEXT NOT NULL DEFAULT '',
    start_on   DATE,
    start_prec SMALLINT,
    end_on     DATE,
    end_prec   SMALLINT,
    whose      TEXT NOT NULL DEFAULT '',
    amount     {json},
    percent    DOUBLE PRECISION,
    status     TEXT NOT NULL,
    source     TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX relationships_from ON relationships (from_id);
CREATE INDEX relationships_to ON relationships (to_id);

CREATE TABLE contacts (
    id              TEXT PRIMARY KEY,
    on_date         DATE NOT NULL,
    on_prec         SMALLINT NOT NULL,
    place           TEXT NOT NULL DEFAULT '',
    context         TEXT NOT NULL DEFAULT '',
    capacity        TEXT NOT NULL,
    capacity_detail TEXT NOT NULL DEFAULT '',
    reported_by     TEXT REFERENCES entities (id),
    reported_on     DATE,
    reported_prec   SMALLINT,
    status          TEXT NOT NULL,
    status_detail   TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT ''
);

CREATE TABLE contact_participants (
    contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    entity_id  TEXT NOT NULL REFERENCES entities (id),
    PRIMARY KEY (contact_id, seq)
);
CREATE INDEX contact_participants_entity ON contact_participants (entity_id);

CREATE TABLE matters (
    id           TEXT PRIMARY KEY,
    title        TEXT NOT NULL,
    kind         TEXT NOT NULL,
    opened       DATE NOT NULL,
    opened_prec  SMALLINT NOT NULL,
    closed       DATE,
    closed_prec  SMALLINT,
    confidential BOOLEAN NOT NULL DEFAULT FALSE,
    source       TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE matter_parties (
    matter_id TEXT NOT NULL REFERENCES matters (id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    entity_id TEXT REFERENCES entities (id),
    name      TEXT NOT NULL DEFAULT '',
    role      TEXT NOT NULL,
    PRIMARY KEY (matter_id, seq)
);
CREATE INDEX matter_parties_entity ON matter_parties (entity_id);

CREATE TABLE matter_topics (
    matter_id TEXT NOT NULL REFERENCES matters (id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    topic     TEXT NOT NULL,
    topic_key TEXT NOT NULL,
    PRIMARY KEY (matter_id, seq)
);
CREATE INDEX matter_topics_key ON matter_topics (topic_key);

CREATE TABLE matter_team (
    matter_id TEXT NOT NULL REFERENCES matters (id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    entity_id TEXT NOT NULL REFERENCES entities (id),
    PRIMARY KEY (matter_id, seq)
);
CREATE INDEX matter_team_entity ON matter_team (entity_id);

CREATE TABLE statements (
    id          TEXT PRIMARY KEY,
    by_id       TEXT NOT NULL REFERENCES entities (id),
    kind        TEXT NOT NULL,
    on_date     DATE NOT NULL,
    on_prec     SMALLINT NOT NULL,
    forum       TEXT REFERENCES entities (id),
    sworn       BOOLEAN NOT NULL DEFAULT FALSE,
    question_by TEXT REFERENCES entities (id),
    question    TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL,
    assertions  {json} NOT NULL DEFAULT '[]',
    source      TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX statements_by ON statements (by_id);

CREATE TABLE corrections (
    id           TEXT PRIMARY KEY,
    statement_id TEXT NOT NULL REFERENCES statements (id),
    on_date      DATE NOT NULL,
    on_prec      SMALLINT NOT NULL,
    form         TEXT NOT NULL DEFAULT '',
    text         TEXT NOT NULL,
    source       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX corrections_statement ON corrections (statement_id);
