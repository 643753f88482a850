-- tasks.recurrence_due_day was appended to 0006_delivery.sql after that migration had shipped, so a database
-- that ran the first 0006 never got the column. This adds it wherever it is missing. 0006 stays as it is now:
-- databases that ran the later 0006 already have the column (and its checksum), and a database that ran the
-- first 0006 records 0006's current checksum on its first start with checksums (db/migrate.ts), so no one
-- is refused; from here on an applied migration is never edited.
ALTER TABLE tasks ADD COLUMN IF NOT EXISTS recurrence_due_day integer CHECK (recurrence_due_day BETWEEN 1 AND 31);
