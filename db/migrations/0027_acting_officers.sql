-- Acting officers ("ủy quyền", issue 35): who acts for an absent person from one Vietnam date to another, inclusive.
-- db/outbox.ts sends the absent person's email to the acting person on those dates; actions the acting person takes
-- then carry the absent person as onBehalfOf. Overlapping grants for one absent person are refused by the service
-- under an advisory lock (services/acting.ts), so at most one grant is in force per person and day.

CREATE TABLE acting_grants (
  id             text PRIMARY KEY,
  absent_person  text NOT NULL REFERENCES people (id),
  acting_person  text NOT NULL REFERENCES people (id),
  from_on        date NOT NULL,
  to_on          date NOT NULL,
  reason         text NOT NULL DEFAULT '',
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  revoked_at     timestamptz,
  revoked_by     text,
  CHECK (from_on <= to_on),
  CHECK (absent_person <> acting_person)
);

-- The natural key: the same grant posted again is the same row (and the outbox's lookup by absent person and date).
CREATE UNIQUE INDEX acting_grants_natural ON acting_grants (absent_person, from_on, to_on, acting_person) WHERE revoked_at IS NULL;
-- "On whose behalf" and "whom do I act for": by the acting person.
CREATE INDEX acting_grants_acting ON acting_grants (acting_person, from_on, to_on) WHERE revoked_at IS NULL;
