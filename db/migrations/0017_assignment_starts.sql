-- One start path for every assignment workflow (lead, co-operating, sub-assignment): each row records its own start
-- input (role, due date, who it answers to, parent) in the transaction that writes it, and each set of rows to start
-- is a batch whose id is the fan-out workflow that starts them. A batch not yet handed to Temporal (its start failed,
-- or the process died before it) is resumed at boot from what was recorded, so every unit starts once, as itself.
ALTER TABLE assignments ADD COLUMN start_input jsonb;

CREATE TABLE assignment_starts (
  id           text PRIMARY KEY,
  task_id      text NOT NULL REFERENCES tasks (id),
  workflow_ids text[] NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  started_at   timestamptz
);
CREATE INDEX assignment_starts_pending ON assignment_starts (created_at) WHERE started_at IS NULL;

-- Quotas charge what a caller starts (leads, co-operating units, sub-assignments), checked and recorded under a
-- per-caller lock so concurrent requests cannot pass the limit together.
CREATE TABLE quota_charges (
  principal_id text NOT NULL,
  kind         text NOT NULL,
  amount       integer NOT NULL CHECK (amount > 0),
  charged_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX quota_charges_window ON quota_charges (principal_id, kind, charged_at);
