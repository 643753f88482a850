-- Sign-in with the organisation's identity provider (OpenID Connect). A person made at sign-in keeps the provider's
-- issuer and subject, the one stable key of who they are there (names and emails change).
ALTER TABLE people ADD COLUMN oidc_issuer text;
ALTER TABLE people ADD COLUMN oidc_subject text;
CREATE UNIQUE INDEX people_oidc_identity ON people (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL;

-- A session begun at the provider: its subject and session id (what a back-channel logout names), the provider's
-- refresh and ID tokens sealed (AES-GCM, the key derived from the client secret), and when to refresh them next.
ALTER TABLE web_sessions ADD COLUMN oidc_subject text;
ALTER TABLE web_sessions ADD COLUMN oidc_sid text;
ALTER TABLE web_sessions ADD COLUMN oidc_tokens text;
ALTER TABLE web_sessions ADD COLUMN oidc_refresh_at timestamptz;
CREATE INDEX web_sessions_oidc_sid ON web_sessions (oidc_sid) WHERE oidc_sid IS NOT NULL;
CREATE INDEX web_sessions_oidc_subject ON web_sessions (oidc_subject) WHERE oidc_subject IS NOT NULL;

-- A sign-in under way: the state sent to the provider (hashed), its PKCE verifier and nonce, where to return. Used
-- once, within ten minutes.
CREATE TABLE oidc_sign_ins (
  state_hash    text PRIMARY KEY,
  code_verifier text NOT NULL,
  nonce         text NOT NULL,
  return_to     text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  used_at       timestamptz
);
CREATE INDEX oidc_sign_ins_expires ON oidc_sign_ins (expires_at);
