-- API tokens expire: a credential past expires_at is refused like a revoked
-- one. NULL: it does not expire.
ALTER TABLE credentials ADD COLUMN expires_at {timestamp};
