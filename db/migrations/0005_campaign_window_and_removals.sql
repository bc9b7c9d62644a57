ALTER TABLE `campaigns` ADD `send_window` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `removed_customer_ids` text DEFAULT '[]' NOT NULL;