-- 0004: the auditors' comments on findings, found by the finding's subject
-- and rule, listed by rule and by author.
CREATE TABLE IF NOT EXISTS "finding_comments" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "version" bigint NOT NULL DEFAULT 1, "rule" character varying NOT NULL, "subject_id" uuid NOT NULL, "subject_type" character varying NOT NULL, "body" text NOT NULL, "author" character varying NOT NULL, PRIMARY KEY ("id"));
CREATE INDEX IF NOT EXISTS "findingcomment_subject_id_rule" ON "finding_comments" ("subject_id", "rule");
CREATE INDEX IF NOT EXISTS "findingcomment_rule" ON "finding_comments" ("rule");
CREATE INDEX IF NOT EXISTS "findingcomment_author" ON "finding_comments" ("author");
