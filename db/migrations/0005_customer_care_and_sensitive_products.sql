ALTER TABLE `categories` ADD `sensitive_kind` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `care_reason` text;--> statement-breakpoint
ALTER TABLE `products` ADD `sensitive` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `shops` ADD `allow_unknown_age_sensitive` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `shops` ADD `demo` integer DEFAULT false NOT NULL;