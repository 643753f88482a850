-- Directives, tasks, the assignment read model, the append-only event log and the notification inbox/outbox.

CREATE TABLE directives (
  id           text PRIMARY KEY,
  number       text NOT NULL,
  kind         text NOT NULL DEFAULT 'notice',
  issuer       text NOT NULL,
  issued_on    date NOT NULL,
  title        text NOT NULL,
  url          text,
  summary      text NOT NULL DEFAULT '',
  confirmation_required boolean NOT NULL DEFAULT false,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX directives_number ON directives (number, issued_on);

CREATE TABLE tasks (
  id                 text PRIMARY KEY,
  directive_id       text NOT NULL REFERENCES directives (id),
  title              text NOT NULL,
  description        text NOT NULL DEFAULT '',
  due_on             date,
  due_at             timestamptz,
  deadline_text      text,
  deadline_rule      text,
  recurring          text,
  lead_units         text[] NOT NULL DEFAULT '{}',
  coordinating_units text[] NOT NULL DEFAULT '{}',
  policy             jsonb NOT NULL,
  key_task           boolean NOT NULL DEFAULT false,
  assignment_count   integer NOT NULL DEFAULT 0,
  fanout_started_at  timestamptz,
  created_by         text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tasks_directive ON tasks (directive_id);

-- The read model: one row per assignment workflow, overwritten only by newer snapshots (version = event seq).
CREATE TABLE assignments (
  workflow_id        text PRIMARY KEY,
  task_id            text NOT NULL REFERENCES tasks (id),
  directive_id       text NOT NULL REFERENCES directives (id),
  unit_code          text NOT NULL,
  original_unit      text NOT NULL,
  predecessor_workflow_id text,
  status             text NOT NULL,
  due_on             date NOT NULL,
  due_at             timestamptz,
  original_due_on    date NOT NULL,
  acknowledged_at    timestamptz,
  progress_percent   integer,
  progress_note      text,
  progress_at        timestamptz,
  completion         jsonb,
  completed_at       timestamptz,
  pending_extension  jsonb,
  due_date_changes   jsonb NOT NULL DEFAULT '[]',
  cancelled_at       timestamptz,
  reassigned_to      text,
  escalation_level   integer NOT NULL DEFAULT 0,
  escalation_rung    text,
  version            integer NOT NULL DEFAULT 0,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (task_id, unit_code)
);
CREATE INDEX assignments_unit_status ON assignments (unit_code, status);
CREATE INDEX assignments_directive ON assignments (directive_id, status);
CREATE INDEX assignments_due ON assignments (due_on, workflow_id);

-- Append-only: every reminder, escalation, message and status change, with who and when.
CREATE TABLE assignment_events (
  workflow_id  text NOT NULL,
  seq          integer NOT NULL,
  kind         text NOT NULL,
  at           timestamptz NOT NULL,
  actor        jsonb NOT NULL,
  message_id   text,
  status       text NOT NULL,
  data         jsonb NOT NULL DEFAULT '{}',
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workflow_id, seq)
);
CREATE INDEX assignment_events_kind ON assignment_events (kind, at);

-- The in-app inbox and the outbox that delivery channels drain.
CREATE TABLE notifications (
  id             bigserial PRIMARY KEY,
  workflow_id    text NOT NULL,
  seq            integer NOT NULL,
  recipient_unit text NOT NULL,
  recipient_role text NOT NULL,
  kind           text NOT NULL,
  title          text NOT NULL,
  body           text NOT NULL,
  created_at     timestamptz NOT NULL,
  read_at        timestamptz,
  UNIQUE (workflow_id, seq, recipient_unit, recipient_role)
);
CREATE INDEX notifications_inbox ON notifications (recipient_unit, created_at DESC, id DESC);

-- Official calendars by year; seeded from data/calendar, admins load new years.
CREATE TABLE calendar_years (
  year       integer PRIMARY KEY,
  data       jsonb NOT NULL,
  loaded_by  text NOT NULL,
  loaded_at  timestamptz NOT NULL DEFAULT now()
);
