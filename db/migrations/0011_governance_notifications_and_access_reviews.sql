CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`recipient_id` integer NOT NULL,
	`kind` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`href` text,
	`link_label` text,
	`dedupe_key` text NOT NULL,
	`created_at` integer NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`recipient_id`) REFERENCES `directory_users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_dedupe_recipient_uq` ON `notifications` (`dedupe_key`,`recipient_id`);--> statement-breakpoint
CREATE INDEX `notifications_recipient_ix` ON `notifications` (`recipient_id`,`id`);--> statement-breakpoint
CREATE INDEX `notifications_unread_ix` ON `notifications` (`recipient_id`) WHERE read_at is null;--> statement-breakpoint
CREATE TABLE `access_review_environments` (
	`review_id` integer NOT NULL,
	`environment_id` integer NOT NULL,
	PRIMARY KEY(`review_id`, `environment_id`),
	FOREIGN KEY (`review_id`) REFERENCES `access_reviews`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `access_review_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`review_id` integer NOT NULL,
	`environment_id` integer NOT NULL,
	`environment_user_id` integer NOT NULL,
	`holder_name` text NOT NULL,
	`holder_email` text NOT NULL,
	`assigned_at` integer NOT NULL,
	`ends_at` integer,
	`justification` text,
	`decision` text,
	`note` text,
	`decided_by_id` integer,
	`decided_at` integer,
	`outcome` text,
	FOREIGN KEY (`review_id`) REFERENCES `access_reviews`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`environment_user_id`) REFERENCES `environment_users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_id`) REFERENCES `directory_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `access_review_items_review_user_uq` ON `access_review_items` (`review_id`,`environment_user_id`);--> statement-breakpoint
CREATE INDEX `access_review_items_review_decision_ix` ON `access_review_items` (`review_id`,`decision`,`id`);--> statement-breakpoint
CREATE TABLE `access_review_reviewers` (
	`review_id` integer NOT NULL,
	`directory_user_id` integer NOT NULL,
	PRIMARY KEY(`review_id`, `directory_user_id`),
	FOREIGN KEY (`review_id`) REFERENCES `access_reviews`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`directory_user_id`) REFERENCES `directory_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `access_review_reviewers_user_ix` ON `access_review_reviewers` (`directory_user_id`);--> statement-breakpoint
CREATE TABLE `access_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`scope` text NOT NULL,
	`reviewer_mode` text NOT NULL,
	`unanswered` text NOT NULL,
	`recurrence_days` integer,
	`status` text NOT NULL,
	`started_by_id` integer NOT NULL,
	`started_at` integer NOT NULL,
	`due_at` integer NOT NULL,
	`applied_at` integer,
	`applied_by_id` integer,
	`previous_review_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`started_by_id`) REFERENCES `directory_users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`applied_by_id`) REFERENCES `directory_users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`previous_review_id`) REFERENCES `access_reviews`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `access_reviews_status_due_ix` ON `access_reviews` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `access_reviews_started_ix` ON `access_reviews` (`started_at`,`id`);