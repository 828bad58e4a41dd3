CREATE TABLE `alert_conditions` (
	`condition` text PRIMARY KEY NOT NULL,
	`job` text NOT NULL,
	`host` text NOT NULL,
	`since` text NOT NULL,
	`last_alert_at` text,
	`message` text NOT NULL
);
