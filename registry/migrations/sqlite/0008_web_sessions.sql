-- 0008: the web application's sign-in sessions, stored as the SHA-256 of
-- their secret and found by it on every request; ended by token when the
-- token is revoked, and cleared by their expiry and end once old.
CREATE TABLE IF NOT EXISTS `web_sessions` (`id` uuid NOT NULL, `secret_hash` text NOT NULL, `name` text NOT NULL, `role` text NOT NULL, `token_id` uuid NULL, `subject` text NULL, `created_at` datetime NOT NULL, `expires_at` datetime NOT NULL, `ended_at` datetime NULL, PRIMARY KEY (`id`));
CREATE UNIQUE INDEX IF NOT EXISTS `websession_secret_hash` ON `web_sessions` (`secret_hash`);
CREATE INDEX IF NOT EXISTS `websession_token_id` ON `web_sessions` (`token_id`);
CREATE INDEX IF NOT EXISTS `websession_expires_at` ON `web_sessions` (`expires_at`);
CREATE INDEX IF NOT EXISTS `websession_ended_at` ON `web_sessions` (`ended_at`);
