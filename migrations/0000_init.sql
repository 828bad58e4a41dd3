CREATE TABLE `bundle_components` (
	`bundle_sku` text NOT NULL,
	`component_sku` text NOT NULL,
	`quantity` integer NOT NULL,
	PRIMARY KEY(`bundle_sku`, `component_sku`),
	FOREIGN KEY (`bundle_sku`) REFERENCES `products`(`sku`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`component_sku`) REFERENCES `products`(`sku`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `channel_listings` (
	`channel` text NOT NULL,
	`sku` text NOT NULL,
	`remote_id` text,
	`remote_variant_id` text,
	`inventory_item_id` text,
	`seen_quantity` integer,
	`seen_price_minor` integer,
	`seen_content_hash` text,
	`seen_at` text,
	`pushed_quantity` integer,
	`pushed_price_minor` integer,
	`pushed_content_hash` text,
	`pushed_at` text,
	`remote` text DEFAULT '{}' NOT NULL,
	PRIMARY KEY(`channel`, `sku`)
);
--> statement-breakpoint
CREATE TABLE `cursors` (
	`channel` text NOT NULL,
	`name` text NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`channel`, `name`)
);
--> statement-breakpoint
CREATE TABLE `customer_identities` (
	`channel` text NOT NULL,
	`remote_id` text NOT NULL,
	`customer_id` integer NOT NULL,
	`email` text,
	`phone` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`channel`, `remote_id`),
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `customers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text,
	`email` text,
	`phone` text,
	`merged_into` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `customers_email` ON `customers` (`email`);--> statement-breakpoint
CREATE INDEX `customers_phone` ON `customers` (`phone`);--> statement-breakpoint
CREATE TABLE `locations` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`managed_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `order_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`line_key` text NOT NULL,
	`sku` text NOT NULL,
	`quantity` integer NOT NULL,
	`unit_price_minor` integer DEFAULT 0 NOT NULL,
	`location` text,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `order_lines_order_line` ON `order_lines` (`order_id`,`line_key`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel` text NOT NULL,
	`remote_id` text NOT NULL,
	`status` text NOT NULL,
	`fulfilment` text DEFAULT 'merchant' NOT NULL,
	`customer_id` integer,
	`currency` text NOT NULL,
	`total_minor` integer DEFAULT 0 NOT NULL,
	`placed_at` text NOT NULL,
	`remote_updated_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_channel_remote` ON `orders` (`channel`,`remote_id`);--> statement-breakpoint
CREATE TABLE `products` (
	`sku` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`brand` text,
	`barcode` text,
	`price_minor` integer,
	`cost_minor` integer,
	`currency` text DEFAULT 'EUR' NOT NULL,
	`attributes` text DEFAULT '{}' NOT NULL,
	`content_hash` text DEFAULT '' NOT NULL,
	`reorder_point` integer,
	`reorder_qty` integer,
	`archived` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `products_barcode` ON `products` (`barcode`);--> statement-breakpoint
CREATE TABLE `purchase_order_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`po_id` integer NOT NULL,
	`sku` text NOT NULL,
	`quantity` integer NOT NULL,
	`cost_minor` integer NOT NULL,
	FOREIGN KEY (`po_id`) REFERENCES `purchase_orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sku`) REFERENCES `products`(`sku`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `po_lines_po_sku` ON `purchase_order_lines` (`po_id`,`sku`);--> statement-breakpoint
CREATE TABLE `purchase_orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`supplier` text NOT NULL,
	`status` text NOT NULL,
	`currency` text NOT NULL,
	`expected_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`supplier`) REFERENCES `suppliers`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `purchase_orders_number_unique` ON `purchase_orders` (`number`);--> statement-breakpoint
CREATE TABLE `receipts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`po_id` integer,
	`sku` text NOT NULL,
	`quantity` integer NOT NULL,
	`location` text NOT NULL,
	`movement_key` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`po_id`) REFERENCES `purchase_orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sku`) REFERENCES `products`(`sku`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location`) REFERENCES `locations`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `receipts_movement_key_unique` ON `receipts` (`movement_key`);--> statement-breakpoint
CREATE TABLE `returns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_line_id` integer,
	`channel` text NOT NULL,
	`remote_id` text,
	`sku` text NOT NULL,
	`quantity` integer NOT NULL,
	`location` text,
	`disposition` text NOT NULL,
	`refund_minor` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`order_line_id`) REFERENCES `order_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location`) REFERENCES `locations`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `returns_channel_remote` ON `returns` (`channel`,`remote_id`);--> statement-breakpoint
CREATE TABLE `sku_aliases` (
	`source` text NOT NULL,
	`alias` text NOT NULL,
	`sku` text NOT NULL,
	PRIMARY KEY(`source`, `alias`),
	FOREIGN KEY (`sku`) REFERENCES `products`(`sku`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `stock_levels` (
	`sku` text NOT NULL,
	`location` text NOT NULL,
	`on_hand` integer DEFAULT 0 NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`sku`, `location`),
	FOREIGN KEY (`sku`) REFERENCES `products`(`sku`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location`) REFERENCES `locations`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `stock_movements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sku` text NOT NULL,
	`location` text NOT NULL,
	`delta` integer NOT NULL,
	`kind` text NOT NULL,
	`reason` text,
	`idempotency_key` text NOT NULL,
	`ref` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`sku`) REFERENCES `products`(`sku`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location`) REFERENCES `locations`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stock_movements_idempotency_key_unique` ON `stock_movements` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `stock_movements_sku_location` ON `stock_movements` (`sku`,`location`);--> statement-breakpoint
CREATE TABLE `supplier_items` (
	`supplier` text NOT NULL,
	`supplier_sku` text NOT NULL,
	`sku` text,
	`barcode` text,
	`title` text,
	`cost_minor` integer,
	`currency` text DEFAULT 'EUR' NOT NULL,
	`stock` integer,
	`pack_size` integer DEFAULT 1 NOT NULL,
	`min_order` integer DEFAULT 1 NOT NULL,
	`lead_time_days` integer,
	`row_hash` text,
	`last_seen_at` text,
	PRIMARY KEY(`supplier`, `supplier_sku`),
	FOREIGN KEY (`supplier`) REFERENCES `suppliers`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sku`) REFERENCES `products`(`sku`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `supplier_items_sku` ON `supplier_items` (`sku`);--> statement-breakpoint
CREATE TABLE `suppliers` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`currency` text DEFAULT 'EUR' NOT NULL,
	`lead_time_days` integer,
	`dropship_location` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`dropship_location`) REFERENCES `locations`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sync_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`channel` text NOT NULL,
	`sku` text NOT NULL,
	`location` text,
	`action` text NOT NULL,
	`before` text,
	`after` text,
	`idempotency_key` text NOT NULL,
	`outcome` text NOT NULL,
	`message` text,
	FOREIGN KEY (`run_id`) REFERENCES `sync_runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sync_changes_run` ON `sync_changes` (`run_id`);--> statement-breakpoint
CREATE TABLE `sync_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job` text NOT NULL,
	`status` text NOT NULL,
	`dry_run` integer DEFAULT false NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`summary` text DEFAULT '{}' NOT NULL,
	`error` text,
	`report_path` text
);
