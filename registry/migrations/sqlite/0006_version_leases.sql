-- 0006: nothing on SQLite. The version leases of PostgreSQL (see
-- migrations/postgres/0006_version_leases.sql) rest on LISTEN and NOTIFY,
-- which SQLite does not have; a SQLite server reads the version from its
-- own file on every request, which costs a few microseconds. The schema
-- versions of both engines stay in step.
SELECT 1;
