-- sku_aliases is looked up by its key only: stored WITHOUT ROWID, the table is its key's B-tree,
-- with no second index beside it. Seeding a 1M-product catalog writes an alias per product: 82 MB
-- of table and key index became 44 MB, and the seed ~3% faster (bench/import.js). Hand-written
-- (drizzle has no WITHOUT ROWID): a later generated change to this table would rebuild it with a
-- rowid again, which costs only that speed.
CREATE TABLE `__new_sku_aliases` (
	`source` text NOT NULL,
	`alias` text NOT NULL,
	`sku` text NOT NULL,
	PRIMARY KEY(`source`, `alias`),
	FOREIGN KEY (`sku`) REFERENCES `products`(`sku`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_sku_aliases` (`source`, `alias`, `sku`) SELECT `source`, `alias`, `sku` FROM `sku_aliases`;
--> statement-breakpoint
DROP TABLE `sku_aliases`;
--> statement-breakpoint
ALTER TABLE `__new_sku_aliases` RENAME TO `sku_aliases`;
