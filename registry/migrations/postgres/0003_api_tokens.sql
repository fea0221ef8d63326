-- 0003: API tokens, stored as the SHA-256 of their secret, found by it on
-- every request and by name from the CLI.
CREATE TABLE IF NOT EXISTS "api_tokens" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "version" bigint NOT NULL DEFAULT 1, "name" character varying NOT NULL, "role" character varying NOT NULL, "secret_hash" character varying NOT NULL, "prefix" character varying NOT NULL, "expires_at" timestamptz NULL, "revoked_at" timestamptz NULL, PRIMARY KEY ("id"));
CREATE UNIQUE INDEX IF NOT EXISTS "apitoken_secret_hash" ON "api_tokens" ("secret_hash");
CREATE UNIQUE INDEX IF NOT EXISTS "apitoken_name" ON "api_tokens" ("name");
