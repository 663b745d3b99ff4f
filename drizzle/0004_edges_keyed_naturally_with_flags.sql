-- Edges: the natural key becomes the primary key, and the id and last-seen columns go with their indexes.
-- Each index cost every ingested edge about as much as writing the row; pruning now compares a source's
-- edges with its batch instead of reading a last-seen stamp.
ALTER TABLE "edges" DROP COLUMN "id";
--> statement-breakpoint
ALTER TABLE "edges" DROP COLUMN "last_seen_sweep";
--> statement-breakpoint
ALTER TABLE "edges" ADD CONSTRAINT "edges_pkey" PRIMARY KEY USING INDEX "edges_natural_uq";
--> statement-breakpoint
-- What reach reads from props, packed once at ingest (bits as in packEdgeFlags): the index then loads one
-- integer per edge instead of pulling four values out of jsonb.
ALTER TABLE "edges" ADD COLUMN "flags" smallint DEFAULT 0 NOT NULL;
--> statement-breakpoint
UPDATE "edges" SET "flags" = (
  (CASE "props"->>'class' WHEN 'D1' THEN 1 WHEN 'D2' THEN 2 WHEN 'D3' THEN 3 WHEN 'D4' THEN 4 WHEN 'D5' THEN 5 WHEN 'W' THEN 6 WHEN 'R' THEN 7 ELSE 0 END)
  | (CASE WHEN "props"->>'assumed' = 'true' THEN 8 ELSE 0 END)
  | (CASE WHEN "props"->>'conditional' = 'true' THEN 16 ELSE 0 END)
  | (CASE WHEN "props"->>'escalation' = 'true' THEN 32 ELSE 0 END))::smallint
WHERE "props" ?| array['class', 'assumed', 'conditional', 'escalation'];
--> statement-breakpoint
-- Nodes: pruning scans a source's nodes and names are searched with ilike, so neither index earned its
-- cost per ingested node.
DROP INDEX "nodes_source_seen_idx";
--> statement-breakpoint
DROP INDEX "nodes_name_idx";
