-- A browser session records the API token it was signed in with (the hash of
-- that token's credential), so that revoking or expiring the token ends the
-- sessions made from it. '': not a session, or one from before this column
-- (those still end at their own age).
ALTER TABLE credentials ADD COLUMN parent TEXT NOT NULL DEFAULT '';
