CREATE TABLE `account_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`shop_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`email` text NOT NULL,
	`role` text,
	`user_id` integer,
	`token_hash` text NOT NULL,
	`created_by` integer,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `account_tokens_token_hash_unique` ON `account_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `account_tokens_shop_idx` ON `account_tokens` (`shop_id`,`purpose`);--> statement-breakpoint
CREATE TABLE `column_mappings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`shop_id` integer NOT NULL,
	`header_key` text NOT NULL,
	`kind` text NOT NULL,
	`mapping` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `column_mappings_shop_header_uq` ON `column_mappings` (`shop_id`,`header_key`);--> statement-breakpoint
CREATE TABLE `consent_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`shop_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`consent` integer NOT NULL,
	`source` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `consent_events_customer_idx` ON `consent_events` (`shop_id`,`customer_id`,`at`);--> statement-breakpoint
CREATE TABLE `import_issues` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`shop_id` integer NOT NULL,
	`import_id` integer NOT NULL,
	`line` integer NOT NULL,
	`outcome` text NOT NULL,
	`code` text NOT NULL,
	`detail` text NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `import_issues_import_idx` ON `import_issues` (`import_id`,`outcome`,`line`);--> statement-breakpoint
CREATE TABLE `imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`shop_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`stored_path` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`format` text NOT NULL,
	`mapping` text,
	`status` text DEFAULT 'uploaded' NOT NULL,
	`bytes_done` integer DEFAULT 0 NOT NULL,
	`summary` text,
	`error` text,
	`created_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `imports_shop_idx` ON `imports` (`shop_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `model_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`shop_id` integer NOT NULL,
	`model_version` text NOT NULL,
	`status` text DEFAULT 'running' NOT NULL,
	`params` text,
	`note` text,
	`data_to` integer NOT NULL,
	`customers` integer DEFAULT 0 NOT NULL,
	`progress_done` integer DEFAULT 0 NOT NULL,
	`last_customer_id` integer DEFAULT 0 NOT NULL,
	`error` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`fitted_at` integer,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `model_runs_shop_idx` ON `model_runs` (`shop_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `customer_predictions` (
	`shop_id` integer NOT NULL,
	`model_run_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`p_alive` real NOT NULL,
	`expected_30` real NOT NULL,
	`expected_90` real NOT NULL,
	`clv_12` real NOT NULL,
	`recommended` text NOT NULL,
	PRIMARY KEY(`model_run_id`, `customer_id`),
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`model_run_id`) REFERENCES `model_runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `campaigns` ADD `suggestion` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `subject_variants` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `preheader` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `audience_rules` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `acknowledged_warnings` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `archived_at` integer;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `approved_hash` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `send_at` integer;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `dispatch_round` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `messages` ADD `subject_variant` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `messages` ADD `recommended` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `messages` ADD `approved_hash` text;--> statement-breakpoint
ALTER TABLE `score_runs` ADD `model_run_id` integer REFERENCES model_runs(id);--> statement-breakpoint
ALTER TABLE `shops` ADD `stale_months` integer DEFAULT 24 NOT NULL;--> statement-breakpoint
ALTER TABLE `shops` ADD `opened_on` text;--> statement-breakpoint
ALTER TABLE `users` ADD `session_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `customers_shop_external_idx` ON `customers` (`shop_id`,`external_id`);