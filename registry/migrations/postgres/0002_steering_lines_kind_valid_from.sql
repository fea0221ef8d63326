-- 0002: lines of one kind in force on a date are found by index instead of
-- a scan of all steering lines.
CREATE INDEX IF NOT EXISTS "steeringline_kind_valid_from" ON "steering_lines" ("kind", "valid_from");
