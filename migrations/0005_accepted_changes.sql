DROP INDEX `sync_changes_run`;--> statement-breakpoint
ALTER TABLE `sync_changes` ADD `confirm_ref` text;--> statement-breakpoint
ALTER TABLE `sync_changes` ADD `settled_at` text;--> statement-breakpoint
CREATE INDEX `sync_changes_pending` ON `sync_changes` (`channel`,`outcome`);--> statement-breakpoint
CREATE INDEX `sync_changes_run` ON `sync_changes` (`run_id`,`idempotency_key`);