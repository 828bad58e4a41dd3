-- plan_touches.channel and .listings: a channel's change in number of listings, which PostgreSQL's
-- listing triggers record (migrations-pg/0007) so its incremental plan need not count them. SQLite
-- keeps both empty (its count(*) of a million listings is fast); the columns keep the two schemas one.
ALTER TABLE `plan_touches` ADD `channel` text;--> statement-breakpoint
ALTER TABLE `plan_touches` ADD `listings` integer DEFAULT 0 NOT NULL;