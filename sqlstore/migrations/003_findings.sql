-- Screening findings: one row per covered person, matter and rule, with the
-- rulebook version that produced it and the whole finding (paths, steps,
-- name-match scores) as JSON.
CREATE TABLE findings (
    person_id        TEXT NOT NULL REFERENCES entities (id),
    matter_id        TEXT NOT NULL REFERENCES matters (id),
    rule             TEXT NOT NULL,
    outcome          TEXT NOT NULL,
    rulebook         TEXT NOT NULL,
    rulebook_version TEXT NOT NULL,
    as_of            DATE,
    as_of_prec       SMALLINT,
    computed_at      {timestamp} NOT NULL,
    body             {json} NOT NULL,
    PRIMARY KEY (person_id, matter_id, rule)
);
CREATE INDEX findings_matter ON findings (matter_id);
CREATE INDEX findings_outcome ON findings (outcome);
