-- Delivery of notifications to people and systems: email addresses and preferences on people, webhook
-- subscriptions, and the delivery outbox (one row per notification × channel × recipient), written in the
-- same transaction as the event that caused it and drained by the dispatcher workflow.

ALTER TABLE people ADD COLUMN email text;
ALTER TABLE people ADD COLUMN language text NOT NULL DEFAULT 'vi' CHECK (language IN ('vi', 'en'));
-- Within a unit: its officers or its head (the head receives the first escalation rung).
ALTER TABLE people ADD COLUMN position text NOT NULL DEFAULT 'officer' CHECK (position IN ('officer', 'head'));
-- Leaders' digest cadence.
ALTER TABLE people ADD COLUMN digest text NOT NULL DEFAULT 'daily' CHECK (digest IN ('daily', 'weekly', 'off'));

-- What the notification said at the time: the due date then in force (emails show it, however it moved since).
ALTER TABLE notifications ADD COLUMN due_on date;
-- Digests and other notices addressed to one person rather than a unit's role.
ALTER TABLE notifications ADD COLUMN recipient_person text;
ALTER TABLE notifications ADD COLUMN details jsonb NOT NULL DEFAULT '{}';
CREATE INDEX notifications_person ON notifications (recipient_person, created_at DESC) WHERE recipient_person IS NOT NULL;

CREATE TABLE webhook_subscriptions (
  id           text PRIMARY KEY,
  url          text NOT NULL,
  -- Standard Webhooks secret (whsec_…); needed in clear to sign, shown to the caller once.
  secret       text NOT NULL,
  -- Notification kinds (reminder, escalation, …); empty means all.
  event_types  text[] NOT NULL DEFAULT '{}',
  -- Units whose notifications are sent; NULL means all.
  units        text[],
  description  text NOT NULL DEFAULT '',
  disabled_at  timestamptz,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE deliveries (
  id               bigserial PRIMARY KEY,
  notification_id  bigint NOT NULL REFERENCES notifications (id),
  channel          text NOT NULL CHECK (channel IN ('email', 'webhook')),
  -- A person id (email) or a subscription id (webhook).
  recipient        text NOT NULL,
  address          text NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'delivered', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  -- A dispatcher that claims a row holds it until then; a dead one's claim lapses and the row is sent again.
  lease_until      timestamptz,
  last_error       text,
  delivered_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (notification_id, channel, recipient)
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status IN ('pending', 'sending');
CREATE INDEX deliveries_status ON deliveries (status, created_at DESC);

-- Every attempt, with its outcome and latency.
CREATE TABLE delivery_attempts (
  delivery_id  bigint NOT NULL REFERENCES deliveries (id),
  attempt      integer NOT NULL,
  at           timestamptz NOT NULL,
  ok           boolean NOT NULL,
  status_code  integer,
  latency_ms   integer NOT NULL,
  error        text,
  PRIMARY KEY (delivery_id, attempt)
);

-- One digest per leader and day, whatever the schedule retries.
CREATE TABLE digests (
  person_id    text NOT NULL REFERENCES people (id),
  day          date NOT NULL,
  cadence      text NOT NULL,
  notification_id bigint REFERENCES notifications (id),
  overdue      integer NOT NULL,
  due_this_week integer NOT NULL,
  escalated    integer NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, day)
);

-- Recurring obligations: due on this day of the period's last month instead of its last working day.
ALTER TABLE tasks ADD COLUMN recurrence_due_day integer CHECK (recurrence_due_day BETWEEN 1 AND 31);
