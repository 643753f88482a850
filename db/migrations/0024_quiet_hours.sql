-- Quiet hours (issue 35): email to people keeps to working hours in the reader's time zone (null: Asia/Ho_Chi_Minh),
-- and a task's urgency (hỏa tốc, thượng khẩn exempt) is kept so the outbox can tell. Tasks before this are 'normal'.
ALTER TABLE people ADD COLUMN IF NOT EXISTS time_zone text;
ALTER TABLE tasks ADD COLUMN IF NOT EXISTS urgency text NOT NULL DEFAULT 'normal';
