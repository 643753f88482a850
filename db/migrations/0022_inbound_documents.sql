-- Issue 34: directives received as EDXML packages (QCVN 102:2016). A package is kept once per document id (the
-- idempotency key of POST /v1/inbound/edxml) with its header facts, sender and recipients resolved to units and
-- the draft of its notice; attachments are stored content-addressed (one blob per SHA-256, however many
-- directives carry it) and listed per directive.
CREATE TABLE attachment_blobs (
  sha256     text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size       integer NOT NULL CHECK (size >= 0),
  bytes      bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE inbound_documents (
  document_id    text PRIMARY KEY,
  directive_id   text NOT NULL UNIQUE REFERENCES directives (id),
  package_sha256 text NOT NULL,
  sender         jsonb NOT NULL,
  recipients     jsonb NOT NULL,
  facts          jsonb NOT NULL,
  draft          jsonb,
  received_by    text NOT NULL,
  received_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE directive_attachments (
  directive_id text NOT NULL REFERENCES directives (id),
  sha256       text NOT NULL REFERENCES attachment_blobs (sha256),
  content_id   text NOT NULL,
  name         text NOT NULL,
  content_type text NOT NULL,
  size         integer NOT NULL,
  position     integer NOT NULL,
  PRIMARY KEY (directive_id, sha256)
);
