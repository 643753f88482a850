-- The five-column statistic kept as it goes (domain/execution-spans.ts): per assignment, the spans of time over which
-- its facts as of a cut-off do not change, written in the transaction that records each event (db/execution-summary.ts)
-- and rebuilt from the event log by `npm run summary:rebuild`. A report at cut-off C reads the one span per assignment
-- with valid_from <= C < valid_to instead of folding assignment_events.
--
-- Partitioned by valid_to so that a report as of now (the common case) scans only the spans still in force: the
-- closed ones all end before now, and their partition answers `valid_to > now()` from its index without a scan.
CREATE TABLE execution_spans (
  -- Fixed-width columns first (no alignment padding): a report reads every row in force.
  valid_from         timestamptz NOT NULL,
  valid_to           timestamptz NOT NULL DEFAULT 'infinity',
  original_due_at    timestamptz,
  adjusted_due_at    timestamptz,
  reported_at        timestamptz,
  last_progress_at   timestamptz,
  -- The report's period: the assigning document's date, or a recurring obligation's period task's creation day.
  period_on          date NOT NULL,
  original_due_on    date NOT NULL,
  adjusted_due_on    date NOT NULL,
  document_date      date,
  original_days_late integer NOT NULL DEFAULT 0,
  adjusted_days_late integer NOT NULL DEFAULT 0,
  -- A completion judged against each basis: 1 on time, 2 late; null while open (then the cut-off decides).
  original_column    smallint,
  adjusted_column    smallint,
  key_task           boolean NOT NULL,
  has_target         boolean NOT NULL,
  confirmed          boolean NOT NULL DEFAULT false,
  awaiting           boolean NOT NULL DEFAULT false,
  -- What a report groups and filters by, copied from the assignment, its task and its directive (kept in step by the
  -- triggers below and by every refresh); the issuer is read from the directive when a report groups by it.
  unit_code          text NOT NULL,
  directive_id       text NOT NULL,
  task_id            text NOT NULL,
  workflow_id        text NOT NULL,
  PRIMARY KEY (workflow_id, valid_from, valid_to),
  CHECK (valid_from < valid_to)
) PARTITION BY RANGE (valid_to);

CREATE TABLE execution_spans_current PARTITION OF execution_spans FOR VALUES FROM ('infinity') TO (MAXVALUE);
CREATE TABLE execution_spans_closed PARTITION OF execution_spans FOR VALUES FROM (MINVALUE) TO ('infinity');

-- A past cut-off reads the closed spans that ended after it; a task's key flag or target changing rewrites its spans;
-- a directive's report reads its own.
CREATE INDEX execution_spans_valid_to ON execution_spans (valid_to, valid_from);
CREATE INDEX execution_spans_task ON execution_spans (task_id);
CREATE INDEX execution_spans_directive ON execution_spans (directive_id);

CREATE FUNCTION execution_spans_follow_task() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE execution_spans SET key_task = NEW.key_task, has_target = NEW.target IS NOT NULL
  WHERE task_id = NEW.id AND (key_task IS DISTINCT FROM NEW.key_task OR has_target IS DISTINCT FROM (NEW.target IS NOT NULL));
  RETURN NULL;
END $$;
CREATE TRIGGER execution_spans_follow_task AFTER UPDATE OF key_task, target ON tasks
  FOR EACH ROW WHEN (OLD.key_task IS DISTINCT FROM NEW.key_task OR (OLD.target IS NULL) <> (NEW.target IS NULL))
  EXECUTE FUNCTION execution_spans_follow_task();

CREATE FUNCTION execution_spans_follow_directive() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE execution_spans s SET
    period_on = CASE WHEN t.recurrence_of IS NULL THEN NEW.issued_on ELSE (t.created_at AT TIME ZONE 'UTC' + interval '7 hours')::date END
  FROM tasks t WHERE t.id = s.task_id AND s.directive_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER execution_spans_follow_directive AFTER UPDATE OF issued_on ON directives
  FOR EACH ROW WHEN (OLD.issued_on IS DISTINCT FROM NEW.issued_on)
  EXECUTE FUNCTION execution_spans_follow_directive();

-- When the summary was last rebuilt from the event log. A database with assignments from before this migration has no
-- row here, and the services rebuild it on start (db/execution-summary.ts ensureExecutionSummary); an empty one is built.
CREATE TABLE execution_summary_builds (
  id         boolean PRIMARY KEY DEFAULT true CHECK (id),
  built_at   timestamptz NOT NULL,
  spans      bigint NOT NULL
);
INSERT INTO execution_summary_builds (built_at, spans) SELECT now(), 0 WHERE NOT EXISTS (SELECT 1 FROM assignments);
