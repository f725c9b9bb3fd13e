ALTER TABLE `bulk_jobs` ADD `lease_owner` text;--> statement-breakpoint
ALTER TABLE `bulk_jobs` ADD `lease_heartbeat_at` integer;--> statement-breakpoint
ALTER TABLE `bulk_jobs` ADD `lease_expires_at` integer;--> statement-breakpoint
CREATE INDEX `bulk_jobs_status_ix` ON `bulk_jobs` (`status`);