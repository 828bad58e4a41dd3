-- plan_touches.channel and .listings: a channel's change in number of listings, which PostgreSQL's
-- listing triggers record (migrations-pg/0007) so its incremental plan need not count them. SQLite
-- keeps both empty (its count(*) of a million listings is fast); the columns keep the two schemas one.
ALTER TABLE `plan_touches` ADD `channel` text;--> statement-breakpoint
ALTER TABLE `plan_touches` ADD `listings` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- A listing moved by an update of its key (another channel or channel_sku; omni never does) is
-- touched too: the property test's moves found the old trigger blind to them. Hand-written.
DROP TRIGGER `plan_touch_listings_update`;
--> statement-breakpoint
CREATE TRIGGER `plan_touch_listings_update` AFTER UPDATE ON `channel_listings` WHEN OLD.channel IS NOT NEW.channel OR OLD.channel_sku IS NOT NEW.channel_sku OR OLD.sku IS NOT NEW.sku OR OLD.remote_id IS NOT NEW.remote_id OR OLD.remote_variant_id IS NOT NEW.remote_variant_id OR OLD.inventory_item_id IS NOT NEW.inventory_item_id OR OLD.seen_quantity IS NOT NEW.seen_quantity OR OLD.seen_elsewhere IS NOT NEW.seen_elsewhere OR OLD.seen_price_minor IS NOT NEW.seen_price_minor OR OLD.seen_content_hash IS NOT NEW.seen_content_hash OR OLD.remote IS NOT NEW.remote BEGIN INSERT INTO plan_touches (sku) SELECT NEW.sku WHERE NEW.sku IS NOT NULL; INSERT INTO plan_touches (sku) SELECT OLD.sku WHERE OLD.sku IS NOT NULL AND OLD.sku IS NOT NEW.sku; END;
