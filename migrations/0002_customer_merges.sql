CREATE TABLE `customer_merges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source_id` integer NOT NULL,
	`target_id` integer NOT NULL,
	`identities` text DEFAULT '[]' NOT NULL,
	`order_ids` text DEFAULT '[]' NOT NULL,
	`reason` text,
	`merged_at` text NOT NULL,
	`split_at` text,
	FOREIGN KEY (`source_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`target_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `customer_merges_source` ON `customer_merges` (`source_id`);--> statement-breakpoint
CREATE INDEX `customer_merges_target` ON `customer_merges` (`target_id`);