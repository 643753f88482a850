-- Web dashboard sessions: the cookie holds a random id, only its SHA-256 hash is stored; each session keeps its
-- synchronizer CSRF token and the principal signed in (re-checked against the API token it came from).
CREATE TABLE web_sessions (
  id_hash       text PRIMARY KEY,
  person_id     text NOT NULL,
  token_id      text,
  principal     jsonb NOT NULL,
  csrf_token    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL
);
CREATE INDEX web_sessions_expires ON web_sessions (expires_at);

-- One-time sign-in links an admin makes for a person (stored hashed, short-lived, used once).
CREATE TABLE web_magic_links (
  token_hash  text PRIMARY KEY,
  person_id   text NOT NULL REFERENCES people (id),
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);
