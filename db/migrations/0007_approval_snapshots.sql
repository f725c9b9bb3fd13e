CREATE TABLE `approval_snapshots` (
	`id` text PRIMARY KEY NOT NULL,
	`actor_id` integer NOT NULL,
	`environment_id` integer NOT NULL,
	`operation` text NOT NULL,
	`items` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `directory_users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `approval_snapshots_created_ix` ON `approval_snapshots` (`created_at`);