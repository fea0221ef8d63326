-- 0007: reporting lines used to be stored from the post that reports to the
-- post reported to, against the rule that every steering line runs from its
-- steering end to its steered end. This lists the reporting lines stored so
-- far, all of them in the old direction; the registry turns each of them
-- around when it opens (registry/direction.go), as an audited update by the
-- actor system, and takes it off the list in the same transaction. A raw
-- UPDATE here would leave the records out of step with their audit trail.
CREATE TABLE IF NOT EXISTS `reporting_lines_to_reverse` (`id` uuid NOT NULL, PRIMARY KEY (`id`));
INSERT INTO `reporting_lines_to_reverse` (`id`) SELECT `id` FROM `steering_lines` WHERE `kind` = 'reporting';
