-- A listing's insert or delete also records by how much its channel's number of listings changed
-- (plan_touches.channel, .listings; an unmatched listing's row has the sku ''). The incremental
-- plan adds those to the count its mark kept instead of counting the channel's listings again: a
-- count(*) of a million listings took 0.4–0.7 s after a sync's updates (src/db/plan-marks.ts).
-- The row trigger on a listing's key (channel, channel_sku) catches an update that moves a listing,
-- which the statement trigger cannot pair by key: -1 and the old sku, +1 and the new one. It fires
-- only for an UPDATE that names one of those columns (omni never does), so a pull pays nothing.
-- The first two statements are drizzle-kit's; the rest is hand-written (triggers).
ALTER TABLE "plan_touches" ADD COLUMN "channel" text;--> statement-breakpoint
ALTER TABLE "plan_touches" ADD COLUMN "listings" bigint DEFAULT 0 NOT NULL;
--> statement-breakpoint
CREATE FUNCTION omni_plan_listings_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO plan_touches (sku, channel, listings) SELECT coalesce(sku, ''), channel, count(*) FROM touched_new GROUP BY 1, 2;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION omni_plan_listings_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO plan_touches (sku, channel, listings) SELECT coalesce(sku, ''), channel, -count(*) FROM touched_old GROUP BY 1, 2;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION omni_plan_listing_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO plan_touches (sku, channel, listings) VALUES (coalesce(OLD.sku, ''), OLD.channel, -1), (coalesce(NEW.sku, ''), NEW.channel, 1);
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER plan_touch_listings_insert ON "channel_listings";
--> statement-breakpoint
CREATE TRIGGER plan_touch_listings_insert AFTER INSERT ON "channel_listings" REFERENCING NEW TABLE AS touched_new FOR EACH STATEMENT EXECUTE FUNCTION omni_plan_listings_insert();
--> statement-breakpoint
DROP TRIGGER plan_touch_listings_delete ON "channel_listings";
--> statement-breakpoint
CREATE TRIGGER plan_touch_listings_delete AFTER DELETE ON "channel_listings" REFERENCING OLD TABLE AS touched_old FOR EACH STATEMENT EXECUTE FUNCTION omni_plan_listings_delete();
--> statement-breakpoint
CREATE TRIGGER plan_touch_listings_move AFTER UPDATE OF "channel", "channel_sku" ON "channel_listings" FOR EACH ROW
  WHEN (OLD.channel IS DISTINCT FROM NEW.channel OR OLD.channel_sku IS DISTINCT FROM NEW.channel_sku) EXECUTE FUNCTION omni_plan_listing_moved();
