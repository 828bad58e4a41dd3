CREATE TABLE `watch_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel` text NOT NULL,
	`kind` text NOT NULL,
	`at` text NOT NULL,
	`latency_ms` integer,
	`message` text
);
--> statement-breakpoint
CREATE INDEX `watch_events_channel` ON `watch_events` (`channel`,`kind`,`at`);