-- plan_touches and the triggers that fill it are hand-written below the table (drizzle-kit does not
-- express triggers): every write to stock_levels, products or channel_listings records its sku for
-- the incremental plan (src/db/plan-marks.ts); a listing's update only when a column the plan reads
-- changed (every pull writes seen_at on every listing it saw). A later migration that rebuilds one of those tables
-- must create its triggers again (test/sync/plan-marks.test.ts checks they exist). Statement triggers
-- with transition tables: one INSERT … SELECT per statement, not a function call per row (COPY)..
CREATE TABLE "plan_touches" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"sku" text NOT NULL,
	"tx" "xid8" DEFAULT pg_current_xact_id() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "plan_touches_tx" ON "plan_touches" USING btree ("tx");
--> statement-breakpoint
CREATE FUNCTION omni_plan_touch_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO plan_touches (sku) SELECT DISTINCT sku FROM (SELECT sku FROM touched_new) t WHERE sku IS NOT NULL;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION omni_plan_touch_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO plan_touches (sku) SELECT DISTINCT sku FROM (SELECT sku FROM touched_new UNION SELECT sku FROM touched_old) t WHERE sku IS NOT NULL;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION omni_plan_touch_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO plan_touches (sku) SELECT DISTINCT sku FROM (SELECT sku FROM touched_old) t WHERE sku IS NOT NULL;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER plan_touch_stock_insert AFTER INSERT ON "stock_levels" REFERENCING NEW TABLE AS touched_new FOR EACH STATEMENT EXECUTE FUNCTION omni_plan_touch_insert();
--> statement-breakpoint
CREATE TRIGGER plan_touch_stock_update AFTER UPDATE ON "stock_levels" REFERENCING OLD TABLE AS touched_old NEW TABLE AS touched_new FOR EACH STATEMENT EXECUTE FUNCTION omni_plan_touch_update();
--> statement-breakpoint
CREATE TRIGGER plan_touch_stock_delete AFTER DELETE ON "stock_levels" REFERENCING OLD TABLE AS touched_old FOR EACH STATEMENT EXECUTE FUNCTION omni_plan_touch_delete();
--> statement-breakpoint
CREATE TRIGGER plan_touch_products_insert AFTER INSERT ON "products" REFERENCING NEW TABLE AS touched_new FOR EACH STATEMENT EXECUTE FUNCTION omni_plan_touch_insert();
--> statement-breakpoint
CREATE TRIGGER plan_touch_products_update AFTER UPDATE ON "products" REFERENCING OLD TABLE AS touched_old NEW TABLE AS touched_new FOR EACH STATEMENT EXECUTE FUNCTION omni_plan_touch_update();
--> statement-breakpoint
CREATE TRIGGER plan_touch_products_delete AFTER DELETE ON "products" REFERENCING OLD TABLE AS touched_old FOR EACH STATEMENT EXECUTE FUNCTION omni_plan_touch_delete();
--> statement-breakpoint
CREATE TRIGGER plan_touch_listings_insert AFTER INSERT ON "channel_listings" REFERENCING NEW TABLE AS touched_new FOR EACH STATEMENT EXECUTE FUNCTION omni_plan_touch_insert();
--> statement-breakpoint
CREATE FUNCTION omni_plan_touch_listings_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO plan_touches (sku) SELECT DISTINCT t.sku FROM (
    SELECT n.sku AS sku, o.sku AS old_sku FROM touched_new n JOIN touched_old o ON o.channel = n.channel AND o.channel_sku = n.channel_sku
    WHERE (n.sku, n.remote_id, n.remote_variant_id, n.inventory_item_id, n.seen_quantity, n.seen_elsewhere, n.seen_price_minor, n.seen_content_hash, n.remote) IS DISTINCT FROM (o.sku, o.remote_id, o.remote_variant_id, o.inventory_item_id, o.seen_quantity, o.seen_elsewhere, o.seen_price_minor, o.seen_content_hash, o.remote)) c
    CROSS JOIN LATERAL (VALUES (c.sku), (c.old_sku)) t(sku) WHERE t.sku IS NOT NULL;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER plan_touch_listings_update AFTER UPDATE ON "channel_listings" REFERENCING OLD TABLE AS touched_old NEW TABLE AS touched_new FOR EACH STATEMENT EXECUTE FUNCTION omni_plan_touch_listings_update();
--> statement-breakpoint
CREATE TRIGGER plan_touch_listings_delete AFTER DELETE ON "channel_listings" REFERENCING OLD TABLE AS touched_old FOR EACH STATEMENT EXECUTE FUNCTION omni_plan_touch_delete();
