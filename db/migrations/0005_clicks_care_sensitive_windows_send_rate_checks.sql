CREATE TABLE `link_clicks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`shop_id` integer NOT NULL,
	`message_id` integer NOT NULL,
	`link` integer NOT NULL,
	`url` text NOT NULL,
	`at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `link_clicks_message_idx` ON `link_clicks` (`shop_id`,`message_id`);--> statement-breakpoint
DROP INDEX `messages_campaign_status_idx`;--> statement-breakpoint
CREATE INDEX `messages_campaign_rank_idx` ON `messages` (`campaign_id`,`rank`);--> statement-breakpoint
CREATE INDEX `messages_campaign_status_idx` ON `messages` (`campaign_id`,`status`,`shop_id`);--> statement-breakpoint
ALTER TABLE `campaigns` ADD `send_window` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `checks` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `removed_customer_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `categories` ADD `sensitive_kind` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `care_reason` text;--> statement-breakpoint
ALTER TABLE `products` ADD `sensitive` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `shops` ADD `allow_unknown_age_sensitive` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `shops` ADD `click_tracking` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `shops` ADD `send_rate_per_minute` integer;--> statement-breakpoint
ALTER TABLE `shops` ADD `demo` integer DEFAULT false NOT NULL;