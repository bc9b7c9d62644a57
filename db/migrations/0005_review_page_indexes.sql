DROP INDEX `messages_campaign_status_idx`;--> statement-breakpoint
CREATE INDEX `messages_campaign_rank_idx` ON `messages` (`campaign_id`,`rank`);--> statement-breakpoint
CREATE INDEX `messages_campaign_status_idx` ON `messages` (`campaign_id`,`status`,`shop_id`);