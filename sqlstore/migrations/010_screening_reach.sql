-- What screening needs beyond the first records: the forum a covered person
-- serves (court, agency, firm) and whether they are a political appointee
-- bound by an ethics pledge, and when it was signed; the forum of a matter
-- and the matters it is the same as or substantially related to; identity
-- evidence on a party given by name (date of birth, native-script name,
-- nationality, identifiers).
ALTER TABLE entities ADD COLUMN cov_forum TEXT NOT NULL DEFAULT '';
ALTER TABLE entities ADD COLUMN cov_appointee BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE entities ADD COLUMN cov_pledge DATE;
ALTER TABLE entities ADD COLUMN cov_pledge_prec SMALLINT;
ALTER TABLE matters ADD COLUMN forum TEXT NOT NULL DEFAULT '';
ALTER TABLE matters ADD COLUMN related {json} NOT NULL DEFAULT '[]';
ALTER TABLE matter_parties ADD COLUMN evidence {json};
