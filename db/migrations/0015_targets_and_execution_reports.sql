-- Measurable targets on tasks ({value, unit: percent|count|ratio, direction: at_least|at_most}), the values the
-- units report against them (append-only: a report "as of" a cut-off reads only the values recorded by then).
-- The execution report needs no new index: it hashes the lifecycle events found by assignment_events_kind (kind, at).
ALTER TABLE tasks ADD COLUMN target jsonb;

CREATE TABLE measurements (
  id           bigserial PRIMARY KEY,
  task_id      text NOT NULL REFERENCES tasks (id),
  unit_code    text NOT NULL,
  -- k for a ratio k/N, else the value itself.
  value        numeric NOT NULL CHECK (value >= 0),
  of_total     numeric CHECK (of_total > 0),
  measured_on  date NOT NULL,
  source       text NOT NULL,
  note         text NOT NULL DEFAULT '',
  reported_by  text NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX measurements_assignment ON measurements (task_id, unit_code, measured_on);
