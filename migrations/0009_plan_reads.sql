CREATE INDEX `products_plan` ON `products` (`sku`,`archived`,`price_minor`);--> statement-breakpoint
-- custom: stock_levels rebuilt WITHOUT ROWID (drizzle cannot say so): a level is found by its key
-- alone, one B-tree instead of a table plus its key index (the plan reads every product's levels;
-- imports write one B-tree fewer per level). Same columns, keys and rows. A later drizzle-generated
-- rebuild of this table must keep `WITHOUT ROWID`.
CREATE TABLE `__new_stock_levels` (
	`sku` text NOT NULL,
	`location` text NOT NULL,
	`on_hand` integer DEFAULT 0 NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`sku`, `location`),
	FOREIGN KEY (`sku`) REFERENCES `products`(`sku`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location`) REFERENCES `locations`(`code`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_stock_levels` (`sku`, `location`, `on_hand`, `updated_at`) SELECT `sku`, `location`, `on_hand`, `updated_at` FROM `stock_levels` ORDER BY `sku`, `location`;
--> statement-breakpoint
DROP TABLE `stock_levels`;
--> statement-breakpoint
ALTER TABLE `__new_stock_levels` RENAME TO `stock_levels`;
