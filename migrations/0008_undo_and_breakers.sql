CREATE TABLE `feed_imports` (
	`feed` text PRIMARY KEY NOT NULL,
	`rows` integer NOT NULL,
	`header` text NOT NULL,
	`run_id` integer,
	`imported_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `run_product_changes` (
	`run_id` integer NOT NULL,
	`sku` text NOT NULL,
	`before` text,
	PRIMARY KEY(`run_id`, `sku`),
	FOREIGN KEY (`run_id`) REFERENCES `sync_runs`(`id`) ON UPDATE no action ON DELETE no action
);
