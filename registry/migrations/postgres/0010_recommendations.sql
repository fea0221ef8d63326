-- 0010: the recommendations of the auditors' reports, listed by
-- municipality and by report, and found by the answer (yttrande) they
-- cite when that document changes. The table stands on its own: its
-- references are ids the registry checks, with no foreign keys into the
-- tables other migrations change.
CREATE TABLE IF NOT EXISTS "recommendations" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "version" bigint NOT NULL DEFAULT 1, "report_id" uuid NOT NULL, "municipality_id" uuid NOT NULL, "text" text NOT NULL, "addressed_organization_id" uuid NULL, "addressed_post_id" uuid NULL, "due_on" timestamptz NULL, "target_rules" jsonb NULL, "target_subject_ids" jsonb NULL, "target_severity" character varying NULL, "response_document_id" uuid NULL, "response_text" text NULL, "judged_resolved_on" timestamptz NULL, "judgment_comment" text NULL, "judged_by" character varying NULL, PRIMARY KEY ("id"));
CREATE INDEX IF NOT EXISTS "recommendation_municipality_id" ON "recommendations" ("municipality_id");
CREATE INDEX IF NOT EXISTS "recommendation_report_id" ON "recommendations" ("report_id");
CREATE INDEX IF NOT EXISTS "recommendation_response_document_id" ON "recommendations" ("response_document_id");
