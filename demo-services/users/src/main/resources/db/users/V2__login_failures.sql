-- Failed logins per key, for the login throttle (LoginThrottles): an e-mail address with the client address the
-- login came from, and an e-mail address alone; for any address, known account or not (the answer must not tell
-- them apart). The key is stored as its SHA-256: what a caller typed is not kept as it was typed.
CREATE TABLE login_failures (
    key_hash       CHAR(64)  PRIMARY KEY,
    failures       INTEGER   NOT NULL,
    last_failed_at TIMESTAMP NOT NULL,
    blocked_until  TIMESTAMP NOT NULL
);

-- The throttle deletes the rows whose failures are forgotten.
CREATE INDEX login_failures_last_failed_at ON login_failures (last_failed_at);
