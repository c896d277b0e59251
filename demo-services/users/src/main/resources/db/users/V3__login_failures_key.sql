-- The throttle counts per e-mail address and client address, and per e-mail address alone (LoginThrottles): the
-- key is no longer an e-mail address's only. Still a SHA-256: what a caller typed is not kept as it was typed.
ALTER TABLE login_failures RENAME COLUMN email_key TO key_hash;
