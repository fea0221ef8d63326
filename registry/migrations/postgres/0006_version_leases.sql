-- 0006: the version leases of the API servers (registry/versionwatch.go).
-- A server that holds a lease answers with the version it was notified of
-- instead of asking the database on every request; a writer acknowledges
-- its change only once every server holding a lease has seen it (seen) or
-- the lease has run out (expires_at).
CREATE TABLE IF NOT EXISTS "version_leases" ("id" uuid NOT NULL, "seen" bigint NOT NULL, "expires_at" timestamptz NOT NULL, PRIMARY KEY ("id"));
