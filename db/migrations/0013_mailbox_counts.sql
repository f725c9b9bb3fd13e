CREATE TABLE `mailbox_counts` (
	`environment_id` integer NOT NULL,
	`is_active` integer NOT NULL,
	`email_status` integer NOT NULL,
	`mailbox_status` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`environment_id`, `is_active`, `email_status`, `mailbox_status`)
);
