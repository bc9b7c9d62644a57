ALTER TABLE `customers` ADD `email_frequency` text DEFAULT 'as_sent' NOT NULL;--> statement-breakpoint
ALTER TABLE `customers` ADD `opted_out_category_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `shops` ADD `previous_token_secret` text;--> statement-breakpoint
ALTER TABLE `shops` ADD `previous_token_secret_until` integer;