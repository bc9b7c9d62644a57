ALTER TABLE `campaigns` ADD `subject_variants` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `preheader` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `audience_rules` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `acknowledged_warnings` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `archived_at` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `subject_variant` integer DEFAULT 0 NOT NULL;