-- 0009: what the rule book's legal rules read from the documents and the
-- municipality: the organisations a document concerns (the companies an
-- annual review covers), the document it adopts or answers (a general
-- meeting's resolution adopting an owner directive), the year an annual
-- review covers, and a municipality's deadline ("MM-DD") for that review.
ALTER TABLE `documents` ADD COLUMN `subject_ids` json NULL;
ALTER TABLE `documents` ADD COLUMN `refers_to_id` uuid NULL;
ALTER TABLE `documents` ADD COLUMN `year` integer NULL;
ALTER TABLE `organizations` ADD COLUMN `review_deadline` text NULL;
