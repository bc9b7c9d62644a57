ALTER TABLE `shops` ADD `quiet_start_hour` integer DEFAULT 21 NOT NULL;--> statement-breakpoint
ALTER TABLE `shops` ADD `quiet_end_hour` integer DEFAULT 8 NOT NULL;