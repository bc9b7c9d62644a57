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
ALTER TABLE `users` ADD `session_version` integer DEFAULT 0 NOT NULL;