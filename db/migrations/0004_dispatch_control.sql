ALTER TABLE `campaigns` ADD `approved_hash` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `send_at` integer;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `dispatch_round` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `messages` ADD `approved_hash` text;