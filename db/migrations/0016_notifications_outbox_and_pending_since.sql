CREATE TABLE `email_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`notification_id` integer NOT NULL,
	`to_address` text NOT NULL,
	`subject` text NOT NULL,
	`text_body` text NOT NULL,
	`html_body` text NOT NULL,
	`unsubscribe_url` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`lease_owner` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`notification_id`) REFERENCES `notifications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `email_outbox_idempotency_uq` ON `email_outbox` (`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `email_outbox_notification_uq` ON `email_outbox` (`notification_id`);--> statement-breakpoint
CREATE INDEX `email_outbox_due_ix` ON `email_outbox` (`next_attempt_at`) WHERE status in ('pending', 'sending');--> statement-breakpoint
CREATE TABLE `notification_preferences` (
	`recipient_id` integer NOT NULL,
	`kind` text NOT NULL,
	`is_email_on` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`recipient_id`, `kind`),
	FOREIGN KEY (`recipient_id`) REFERENCES `directory_users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `approval_digest_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`environment_id` integer NOT NULL,
	`mailbox_id` integer NOT NULL,
	`entered_at` integer NOT NULL,
	`digest_id` integer,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`mailbox_id`) REFERENCES `mailboxes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`digest_id`) REFERENCES `approval_digests`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `approval_digest_items_waiting_ix` ON `approval_digest_items` (`environment_id`) WHERE digest_id is null;--> statement-breakpoint
CREATE INDEX `approval_digest_items_digest_ix` ON `approval_digest_items` (`digest_id`,`mailbox_id`);--> statement-breakpoint
CREATE TABLE `approval_digests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`environment_id` integer NOT NULL,
	`sent_at` integer NOT NULL,
	`mailbox_count` integer NOT NULL,
	`recipient_count` integer NOT NULL,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `approval_digests_env_sent_ix` ON `approval_digests` (`environment_id`,`sent_at`);--> statement-breakpoint
CREATE TABLE `approval_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mailbox_id` integer NOT NULL,
	`requested_by_id` integer NOT NULL,
	`requested_at` integer NOT NULL,
	`note` text NOT NULL,
	FOREIGN KEY (`mailbox_id`) REFERENCES `mailboxes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`requested_by_id`) REFERENCES `directory_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `approval_requests_mailbox_ix` ON `approval_requests` (`mailbox_id`,`requested_at`);--> statement-breakpoint
ALTER TABLE `email_settings` ADD `approval_digest_minutes` integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE `mailboxes` ADD `pending_since` integer;--> statement-breakpoint
ALTER TABLE `mailboxes` ADD `rejection_reason` text;--> statement-breakpoint
CREATE INDEX `mailboxes_env_pending_since_ix` ON `mailboxes` (`environment_id`,`is_active`,`pending_since`,`id`) WHERE email_status in (0, 2);