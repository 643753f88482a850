-- Task tables imported from XLSX / CSV (issue 20): one row per committed import, and the source row each
-- imported task came from, keyed by (directive, row key) with a hash of its content, so importing the same
-- file again creates nothing and an edited row is recognised as an edit of its task.
CREATE TABLE import_batches (
  id            text PRIMARY KEY,
  directive_id  text NOT NULL REFERENCES directives (id),
  file_name     text,
  format        text NOT NULL,
  content_sha256 text NOT NULL,
  row_count     integer NOT NULL,
  created       integer NOT NULL,
  updated       integer NOT NULL,
  unchanged     integer NOT NULL,
  conflicts     integer NOT NULL,
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX import_batches_directive ON import_batches (directive_id, created_at DESC);

CREATE TABLE task_source_rows (
  task_id       text PRIMARY KEY REFERENCES tasks (id),
  directive_id  text NOT NULL REFERENCES directives (id),
  row_key       text NOT NULL,
  row_hash      text NOT NULL,
  -- The row as read, cells by column key (co-operating units and the confirmation flag live here too).
  source        jsonb NOT NULL,
  batch_id      text NOT NULL REFERENCES import_batches (id),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (directive_id, row_key)
);
