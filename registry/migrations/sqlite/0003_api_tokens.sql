-- 0003: API tokens, stored as the SHA-256 of their secret, found by it on
-- every request and by name from the CLI.
CREATE TABLE IF NOT EXISTS `api_tokens` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `name` text NOT NULL, `role` text NOT NULL, `secret_hash` text NOT NULL, `prefix` text NOT NULL, `expires_at` datetime NULL, `revoked_at` datetime NULL, PRIMARY KEY (`id`));
CREATE UNIQUE INDEX IF NOT EXISTS `apitoken_secret_hash` ON `api_tokens` (`secret_hash`);
CREATE UNIQUE INDEX IF NOT EXISTS `apitoken_name` ON `api_tokens` (`name`);
