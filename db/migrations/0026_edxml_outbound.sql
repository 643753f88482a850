-- Issue 34, the way back: EDXML packages (the unit's completion report, the status messages of a received package)
-- delivered through the same outbox as webhooks, with the same retries, give-up and signatures.
--
-- An EDXML row is about a document, not a notification: it has no notification_id, and is keyed by message_key
-- (report/<workflow id>/<seq>, status/<document id>/<status>) so a retried activity or request adds nothing twice.
-- message holds the facts the package is built from at send time (deterministically, so every retry sends the
-- same bytes); the attached file stays in attachment_blobs.
ALTER TABLE deliveries ALTER COLUMN notification_id DROP NOT NULL;
ALTER TABLE deliveries ADD COLUMN IF NOT EXISTS message_key text;
ALTER TABLE deliveries ADD COLUMN IF NOT EXISTS message jsonb;
ALTER TABLE deliveries DROP CONSTRAINT IF EXISTS deliveries_channel_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_channel_check CHECK (channel IN ('email', 'webhook', 'edxml'));
ALTER TABLE deliveries ADD CONSTRAINT deliveries_edxml_shape CHECK (
  CASE WHEN channel = 'edxml' THEN message_key IS NOT NULL AND message IS NOT NULL ELSE notification_id IS NOT NULL END);
CREATE UNIQUE INDEX IF NOT EXISTS deliveries_message_key ON deliveries (message_key) WHERE message_key IS NOT NULL;

-- The unit's outgoing document (the file its completion report names), uploaded to the assignment before the report
-- and stored content-addressed with the inbound attachments: one blob per SHA-256.
CREATE TABLE IF NOT EXISTS assignment_documents (
  workflow_id  text NOT NULL,
  sha256       text NOT NULL REFERENCES attachment_blobs (sha256),
  name         text NOT NULL,
  content_type text NOT NULL,
  size         integer NOT NULL,
  uploaded_by  text NOT NULL,
  uploaded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workflow_id, sha256)
);
