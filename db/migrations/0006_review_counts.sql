DROP INDEX `messages_campaign_status_idx`;--> statement-breakpoint
CREATE INDEX `messages_campaign_status_rank_idx` ON `messages` (`campaign_id`,`status`,`shop_id`,`rank`);--> statement-breakpoint
ALTER TABLE `campaigns` ADD `draft_counts` text;--> statement-breakpoint
-- Stored checks from before this migration copied the whole shop row (with its link-signing secrets) into
-- the pushiness numbers; keep only the numbers.
UPDATE `campaigns` SET `checks` = json_set(`checks`, '$.pushiness', json_object(
  'recipients', json_extract(`checks`, '$.pushiness.recipients'),
  'nearCap', json_extract(`checks`, '$.pushiness.nearCap'),
  'recentlyEmailed', json_extract(`checks`, '$.pushiness.recentlyEmailed'),
  'capCount', json_extract(`checks`, '$.pushiness.capCount'),
  'capWindowDays', json_extract(`checks`, '$.pushiness.capWindowDays')
)) WHERE `checks` IS NOT NULL;
