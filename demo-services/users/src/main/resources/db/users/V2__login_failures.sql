-- Failed logins per e-mail address, known account or not (the answer must not tell them apart), for the login
-- throttle. The key is the SHA-256 of the lower-cased address: what a caller typed is not kept as it was typed.
CREATE TABLE login_failures (
    email_key      CHAR(64)  PRIMARY KEY,
    failures       INTEGER   NOT NULL,
    last_failed_at TIMESTAMP NOT NULL,
    blocked_until  TIMESTAMP NOT NULL
);

-- The throttle deletes the rows whose failures are forgotten.
CREATE INDEX login_failures_last_failed_at ON login_failures (last_failed_at);
