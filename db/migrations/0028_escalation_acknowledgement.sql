-- Acknowledgement timeouts (issue 35): the escalation of an assignment waiting for its reader's acknowledgement
-- ({level, rung, step, escalatedAt, deadline, backup}), null when none waits.
ALTER TABLE assignments ADD COLUMN IF NOT EXISTS awaiting_ack jsonb;

-- The one-click links of escalation emails are signed (HMAC) and single-use: a link's id is recorded when used,
-- so a second click (or a mail scanner's replay of the POST) sends nothing.
CREATE TABLE IF NOT EXISTS used_ack_links (
  link_id    text PRIMARY KEY,
  person_id  text NOT NULL,
  workflow_id text NOT NULL,
  used_at    timestamptz NOT NULL DEFAULT now()
);

-- Keys the processes share (API and worker sign and check the same links) when the deployment names none.
CREATE TABLE IF NOT EXISTS signing_keys (
  name       text PRIMARY KEY,
  secret     text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
