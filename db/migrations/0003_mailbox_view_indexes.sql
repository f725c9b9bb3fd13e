DROP INDEX `mailboxes_env_status_name_ix`;--> statement-breakpoint
DROP INDEX `mailboxes_env_email_ix`;--> statement-breakpoint
CREATE INDEX `mailboxes_env_health_name_ix` ON `mailboxes` (`environment_id`,`is_active`,`mailbox_status`,`name`,`id`);--> statement-breakpoint
CREATE INDEX `mailboxes_env_status_name_ix` ON `mailboxes` (`environment_id`,`is_active`,`email_status`,`name`,`id`);--> statement-breakpoint
CREATE INDEX `mailboxes_env_email_ix` ON `mailboxes` (`environment_id`,`is_active`,`email_address`,`id`);