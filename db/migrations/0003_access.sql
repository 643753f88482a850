-- People and API clients, their bearer tokens (hashes only), idempotent writes and the audit log.

CREATE TABLE people (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  role        text NOT NULL CHECK (role IN ('admin', 'coordinator', 'unit', 'leader')),
  unit_code   text,
  -- Leaders: the units in scope; NULL means all.
  scope       text[],
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (role <> 'unit' OR unit_code IS NOT NULL)
);

CREATE TABLE api_tokens (
  id          text PRIMARY KEY,
  person_id   text NOT NULL REFERENCES people (id),
  name        text NOT NULL,
  token_hash  text NOT NULL UNIQUE,
  expires_at  timestamptz,
  revoked_at  timestamptz,
  last_used_at timestamptz,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- A write sent again with the same Idempotency-Key returns the first answer.
CREATE TABLE idempotency_keys (
  principal_id text NOT NULL,
  key          text NOT NULL,
  method       text NOT NULL,
  path         text NOT NULL,
  body_hash    text NOT NULL,
  status       integer,
  response     jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (principal_id, key)
);

CREATE TABLE audit_log (
  id           bigserial PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT now(),
  request_id   text NOT NULL,
  principal_id text,
  token_id     text,
  role         text,
  method       text NOT NULL,
  path         text NOT NULL,
  status       integer NOT NULL,
  idempotency_key text,
  body         jsonb
);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
