-- 0010: the recommendations of the auditors' reports, listed by
-- municipality and by report, and found by the answer (yttrande) they
-- cite when that document changes. The table stands on its own: its
-- references are ids the registry checks, with no foreign keys into the
-- tables other migrations change.
CREATE TABLE IF NOT EXISTS `recommendations` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `report_id` uuid NOT NULL, `municipality_id` uuid NOT NULL, `text` text NOT NULL, `addressed_organization_id` uuid NULL, `addressed_post_id` uuid NULL, `due_on` datetime NULL, `target_rules` json NULL, `target_subject_ids` json NULL, `target_severity` text NULL, `response_document_id` uuid NULL, `response_text` text NULL, `judged_resolved_on` datetime NULL, `judgment_comment` text NULL, `judged_by` text NULL, PRIMARY KEY (`id`));
CREATE INDEX IF NOT EXISTS `recommendation_municipality_id` ON `recommendations` (`municipality_id`);
CREATE INDEX IF NOT EXISTS `recommendation_report_id` ON `recommendations` (`report_id`);
CREATE INDEX IF NOT EXISTS `recommendation_response_document_id` ON `recommendations` (`response_document_id`);
