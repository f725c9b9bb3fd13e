CREATE TABLE `environment_user_counts` (
	`environment_id` integer NOT NULL,
	`is_enabled` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`environment_id`, `is_enabled`)
);
