-- A grant's action is in the `action` column (its natural key) and its class in `flags` (bits 0-2): props
-- no longer repeat them. Parsing the two keys into jsonb was half of the server's work when a million
-- edges were loaded, and they made up most of the table's bytes. Readers put them back (canEdgeProps).
UPDATE "edges" SET "props" = "props" - 'action' - 'class' WHERE "kind" = 7 AND "props" ?| array['action', 'class'];
