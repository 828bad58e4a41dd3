CREATE TABLE `listing_map` (
	`channel` text NOT NULL,
	`channel_sku` text NOT NULL,
	`sku` text NOT NULL,
	`source` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`channel`, `channel_sku`),
	FOREIGN KEY (`sku`) REFERENCES `products`(`sku`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `listing_map_sku` ON `listing_map` (`sku`);--> statement-breakpoint
CREATE TABLE `order_line_components` (
	`order_line_id` integer NOT NULL,
	`sku` text NOT NULL,
	`quantity` integer NOT NULL,
	`location` text,
	PRIMARY KEY(`order_line_id`, `sku`),
	FOREIGN KEY (`order_line_id`) REFERENCES `order_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sku`) REFERENCES `products`(`sku`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location`) REFERENCES `locations`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_channel_listings` (
	`channel` text NOT NULL,
	`channel_sku` text NOT NULL,
	`sku` text,
	`match` text,
	`barcode` text,
	`title` text,
	`remote_id` text,
	`remote_variant_id` text,
	`inventory_item_id` text,
	`seen_quantity` integer,
	`seen_elsewhere` integer,
	`seen_price_minor` integer,
	`seen_content_hash` text,
	`seen_at` text,
	`pushed_quantity` integer,
	`pushed_price_minor` integer,
	`pushed_content_hash` text,
	`pushed_at` text,
	`remote` text DEFAULT '{}' NOT NULL,
	PRIMARY KEY(`channel`, `channel_sku`)
);
--> statement-breakpoint
-- custom: a listing is now (channel, channel_sku): every remembered listing keeps its sku as its channel sku, matched by identity when the master has that sku, unmatched (sku NULL) when it does not.
INSERT INTO `__new_channel_listings`("channel", "channel_sku", "sku", "match", "remote_id", "remote_variant_id", "inventory_item_id", "seen_quantity", "seen_price_minor", "seen_content_hash", "seen_at", "pushed_quantity", "pushed_price_minor", "pushed_content_hash", "pushed_at", "remote") SELECT c."channel", c."sku", p."sku", CASE WHEN p."sku" IS NULL THEN NULL ELSE 'identity' END, c."remote_id", c."remote_variant_id", c."inventory_item_id", c."seen_quantity", c."seen_price_minor", c."seen_content_hash", c."seen_at", c."pushed_quantity", c."pushed_price_minor", c."pushed_content_hash", c."pushed_at", c."remote" FROM `channel_listings` c LEFT JOIN `products` p ON p."sku" = c."sku";--> statement-breakpoint
DROP TABLE `channel_listings`;--> statement-breakpoint
ALTER TABLE `__new_channel_listings` RENAME TO `channel_listings`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `channel_listings_channel_sku` ON `channel_listings` (`channel`,`sku`);--> statement-breakpoint
ALTER TABLE `order_lines` ADD `channel_sku` text;--> statement-breakpoint
ALTER TABLE `sync_changes` ADD `channel_sku` text;--> statement-breakpoint
CREATE INDEX `sync_changes_listing` ON `sync_changes` (`channel`,`sku`);