-- 0005: the children of an organisation, found by their parent: the parent
-- filter, the organisation chart and the check on ending a parent.
CREATE INDEX IF NOT EXISTS "organization_parent_id" ON "organizations" ("parent_id");
