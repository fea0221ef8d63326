-- 0009: reserved for the new document fields of the rule book (branch
-- rules). This placeholder keeps the numbers without gaps on the branch
-- that adds 0010; it changes nothing and gives way to the real 0009 when
-- the branches are merged.
SELECT 1;
