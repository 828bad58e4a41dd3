ALTER TABLE `stock_movements` ADD `occurred_at` text;--> statement-breakpoint
ALTER TABLE `stock_movements` ADD `key_params` text;