ALTER TABLE "edges" DROP CONSTRAINT "edges_src_nodes_id_fk";
--> statement-breakpoint
ALTER TABLE "edges" DROP CONSTRAINT "edges_dst_nodes_id_fk";
--> statement-breakpoint
ALTER TABLE "edges" DROP CONSTRAINT "edges_source_id_sources_id_fk";
--> statement-breakpoint
ALTER TABLE "nodes" DROP CONSTRAINT "nodes_source_id_sources_id_fk";
--> statement-breakpoint
-- The cascades the foreign keys gave, once per statement instead of once per row.
CREATE FUNCTION "edges_drop_for_deleted_nodes"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Two statements, so each can use its index (src leads the natural key, dst its own index).
  DELETE FROM "edges" WHERE "src" IN (SELECT "id" FROM "deleted_nodes");
  DELETE FROM "edges" WHERE "dst" IN (SELECT "id" FROM "deleted_nodes");
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "nodes_delete_edges" AFTER DELETE ON "nodes" REFERENCING OLD TABLE AS "deleted_nodes"
  FOR EACH STATEMENT EXECUTE FUNCTION "edges_drop_for_deleted_nodes"();
--> statement-breakpoint
CREATE FUNCTION "graph_detach_deleted_sources"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "nodes" SET "source_id" = NULL WHERE "source_id" IN (SELECT "id" FROM "deleted_sources");
  UPDATE "edges" SET "source_id" = NULL WHERE "source_id" IN (SELECT "id" FROM "deleted_sources");
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "sources_detach_graph" AFTER DELETE ON "sources" REFERENCING OLD TABLE AS "deleted_sources"
  FOR EACH STATEMENT EXECUTE FUNCTION "graph_detach_deleted_sources"();
--> statement-breakpoint
-- Natural keys compare byte-wise: they are identifiers, not prose, and the locale's collation made
-- every index probe on them several times dearer.
DROP INDEX "nodes_kind_key_uq";
--> statement-breakpoint
ALTER TABLE "nodes" ALTER COLUMN "key" SET DATA TYPE text COLLATE "C";
--> statement-breakpoint
CREATE UNIQUE INDEX "nodes_kind_key_uq" ON "nodes" USING btree ("kind","key");
--> statement-breakpoint
DROP INDEX "edges_natural_uq";
--> statement-breakpoint
ALTER TABLE "edges" ALTER COLUMN "action" SET DATA TYPE text COLLATE "C";
--> statement-breakpoint
CREATE UNIQUE INDEX "edges_natural_uq" ON "edges" USING btree ("src","kind","dst","action");
