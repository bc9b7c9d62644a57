ALTER TABLE `products` ADD `handle` text;--> statement-breakpoint
ALTER TABLE `products` ADD `url` text;--> statement-breakpoint
ALTER TABLE `shops` ADD `web_address` text;--> statement-breakpoint
ALTER TABLE `shops` ADD `currency` text;--> statement-breakpoint
ALTER TABLE `shops` ADD `locale` text;