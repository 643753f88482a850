-- The spans of assignments with a measurable target are few, and every report reads them apart (the domain judges
-- them, services/execution-report.ts factRows); without an index of their own each report and each point of the
-- board's trend scanned every span in force to find them (0.7 s a cut-off at 1,000,000 assignments under load, 5 ms
-- with this index).
CREATE INDEX IF NOT EXISTS execution_spans_with_target ON execution_spans (valid_to, valid_from) WHERE has_target;
