-- plan_touches and the triggers that fill it are hand-written below the table (drizzle-kit does not
-- express triggers): every write to stock_levels, products or channel_listings records its sku for
-- the incremental plan (src/db/plan-marks.ts); a listing's update only when a column the plan reads
-- changed (every pull writes seen_at on every listing it saw). A later migration that rebuilds one of those tables
-- must create its triggers again (test/sync/plan-marks.test.ts checks they exist).
CREATE TABLE `plan_touches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sku` text NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER `plan_touch_stock_insert` AFTER INSERT ON `stock_levels` BEGIN INSERT INTO plan_touches (sku) SELECT NEW.sku WHERE NEW.sku IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `plan_touch_stock_update` AFTER UPDATE ON `stock_levels` BEGIN INSERT INTO plan_touches (sku) SELECT NEW.sku WHERE NEW.sku IS NOT NULL; INSERT INTO plan_touches (sku) SELECT OLD.sku WHERE OLD.sku IS NOT NULL AND OLD.sku IS NOT NEW.sku; END;
--> statement-breakpoint
CREATE TRIGGER `plan_touch_stock_delete` AFTER DELETE ON `stock_levels` BEGIN INSERT INTO plan_touches (sku) SELECT OLD.sku WHERE OLD.sku IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `plan_touch_products_insert` AFTER INSERT ON `products` BEGIN INSERT INTO plan_touches (sku) SELECT NEW.sku WHERE NEW.sku IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `plan_touch_products_update` AFTER UPDATE ON `products` BEGIN INSERT INTO plan_touches (sku) SELECT NEW.sku WHERE NEW.sku IS NOT NULL; INSERT INTO plan_touches (sku) SELECT OLD.sku WHERE OLD.sku IS NOT NULL AND OLD.sku IS NOT NEW.sku; END;
--> statement-breakpoint
CREATE TRIGGER `plan_touch_products_delete` AFTER DELETE ON `products` BEGIN INSERT INTO plan_touches (sku) SELECT OLD.sku WHERE OLD.sku IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `plan_touch_listings_insert` AFTER INSERT ON `channel_listings` BEGIN INSERT INTO plan_touches (sku) SELECT NEW.sku WHERE NEW.sku IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `plan_touch_listings_update` AFTER UPDATE ON `channel_listings` WHEN OLD.sku IS NOT NEW.sku OR OLD.remote_id IS NOT NEW.remote_id OR OLD.remote_variant_id IS NOT NEW.remote_variant_id OR OLD.inventory_item_id IS NOT NEW.inventory_item_id OR OLD.seen_quantity IS NOT NEW.seen_quantity OR OLD.seen_elsewhere IS NOT NEW.seen_elsewhere OR OLD.seen_price_minor IS NOT NEW.seen_price_minor OR OLD.seen_content_hash IS NOT NEW.seen_content_hash OR OLD.remote IS NOT NEW.remote BEGIN INSERT INTO plan_touches (sku) SELECT NEW.sku WHERE NEW.sku IS NOT NULL; INSERT INTO plan_touches (sku) SELECT OLD.sku WHERE OLD.sku IS NOT NULL AND OLD.sku IS NOT NEW.sku; END;
--> statement-breakpoint
CREATE TRIGGER `plan_touch_listings_delete` AFTER DELETE ON `channel_listings` BEGIN INSERT INTO plan_touches (sku) SELECT OLD.sku WHERE OLD.sku IS NOT NULL; END;
