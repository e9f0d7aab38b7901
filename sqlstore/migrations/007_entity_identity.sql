-- Identity evidence of persons: dates of birth and nationalities, as
-- sanctions, PEP and company registers publish them (FollowTheMoney
-- birthDate, nationality, citizenship). JSON lists, like aliases.
ALTER TABLE entities ADD COLUMN birth_dates {json} NOT NULL DEFAULT '[]';
ALTER TABLE entities ADD COLUMN nationalities {json} NOT NULL DEFAULT '[]';
