CREATE TABLE `directory_users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`upn` text NOT NULL,
	`display_name` text NOT NULL,
	`is_enabled` integer DEFAULT true NOT NULL,
	`password_hash` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `directory_users_upn_uq` ON `directory_users` (`upn`);--> statement-breakpoint
CREATE INDEX `directory_users_tenant_name_ix` ON `directory_users` (`tenant_id`,`display_name`,`id`);--> statement-breakpoint
CREATE TABLE `exchange_recipients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`address` text NOT NULL,
	`kind` text NOT NULL,
	`is_licensed` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `exchange_recipients_address_uq` ON `exchange_recipients` (`address`);--> statement-breakpoint
CREATE TABLE `sign_in_throttle` (
	`account_key` text PRIMARY KEY NOT NULL,
	`failure_count` integer NOT NULL,
	`window_started_at` integer NOT NULL,
	`locked_until` integer
);
--> statement-breakpoint
CREATE TABLE `tenant_role_assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`directory_user_id` integer NOT NULL,
	`role` text NOT NULL,
	`assigned_by_id` integer,
	`assigned_at` integer NOT NULL,
	FOREIGN KEY (`directory_user_id`) REFERENCES `directory_users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assigned_by_id`) REFERENCES `directory_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tenant_role_assignments_user_role_uq` ON `tenant_role_assignments` (`directory_user_id`,`role`);--> statement-breakpoint
CREATE INDEX `tenant_role_assignments_role_ix` ON `tenant_role_assignments` (`role`);--> statement-breakpoint
CREATE TABLE `tenants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`domain` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `environment_users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`environment_id` integer NOT NULL,
	`directory_user_id` integer NOT NULL,
	`full_name` text NOT NULL,
	`email` text NOT NULL,
	`is_enabled` integer DEFAULT true NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`directory_user_id`) REFERENCES `directory_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `environment_users_env_dir_uq` ON `environment_users` (`environment_id`,`directory_user_id`);--> statement-breakpoint
CREATE INDEX `environment_users_env_name_ix` ON `environment_users` (`environment_id`,`full_name`,`id`);--> statement-breakpoint
CREATE INDEX `environment_users_env_email_ix` ON `environment_users` (`environment_id`,`email`);--> statement-breakpoint
CREATE INDEX `environment_users_dir_ix` ON `environment_users` (`directory_user_id`);--> statement-breakpoint
CREATE TABLE `environments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`name` text NOT NULL,
	`slug` text NOT NULL,
	`type` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `environments_slug_uq` ON `environments` (`slug`);--> statement-breakpoint
CREATE TABLE `role_privileges` (
	`role_id` integer NOT NULL,
	`privilege` text NOT NULL,
	`depth` text NOT NULL,
	PRIMARY KEY(`role_id`, `privilege`),
	FOREIGN KEY (`role_id`) REFERENCES `security_roles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `security_roles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`environment_id` integer NOT NULL,
	`key` text,
	`name` text NOT NULL,
	`is_custom` integer NOT NULL,
	`is_assignable` integer NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `security_roles_env_name_uq` ON `security_roles` (`environment_id`,`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `security_roles_env_key_uq` ON `security_roles` (`environment_id`,`key`);--> statement-breakpoint
CREATE TABLE `team_members` (
	`team_id` integer NOT NULL,
	`environment_user_id` integer NOT NULL,
	PRIMARY KEY(`team_id`, `environment_user_id`),
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`environment_user_id`) REFERENCES `environment_users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `team_members_user_ix` ON `team_members` (`environment_user_id`);--> statement-breakpoint
CREATE TABLE `team_role_assignments` (
	`team_id` integer NOT NULL,
	`role_id` integer NOT NULL,
	`assigned_by_id` integer,
	`assigned_at` integer NOT NULL,
	PRIMARY KEY(`team_id`, `role_id`),
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`role_id`) REFERENCES `security_roles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assigned_by_id`) REFERENCES `directory_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `team_role_assignments_role_ix` ON `team_role_assignments` (`role_id`);--> statement-breakpoint
CREATE TABLE `teams` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`environment_id` integer NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`entra_group_id` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `teams_env_name_uq` ON `teams` (`environment_id`,`name`);--> statement-breakpoint
CREATE TABLE `user_role_assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`environment_user_id` integer NOT NULL,
	`role_id` integer NOT NULL,
	`assigned_by_id` integer,
	`assigned_at` integer NOT NULL,
	`ends_at` integer,
	`justification` text,
	`expiry_audited_at` integer,
	FOREIGN KEY (`environment_user_id`) REFERENCES `environment_users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`role_id`) REFERENCES `security_roles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assigned_by_id`) REFERENCES `directory_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_role_assignments_user_role_uq` ON `user_role_assignments` (`environment_user_id`,`role_id`);--> statement-breakpoint
CREATE INDEX `user_role_assignments_role_ix` ON `user_role_assignments` (`role_id`);--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mailbox_id` integer NOT NULL,
	`level` text NOT NULL,
	`code` text NOT NULL,
	`text` text NOT NULL,
	`created_on` integer NOT NULL,
	`last_logged_on` integer NOT NULL,
	FOREIGN KEY (`mailbox_id`) REFERENCES `mailboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_mailbox_code_uq` ON `alerts` (`mailbox_id`,`code`);--> statement-breakpoint
CREATE INDEX `alerts_mailbox_logged_ix` ON `alerts` (`mailbox_id`,`last_logged_on`);--> statement-breakpoint
CREATE TABLE `bulk_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`environment_id` integer NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`done` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`params` text,
	`result` text,
	`started_by_id` integer,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`started_by_id`) REFERENCES `directory_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `bulk_jobs_env_created_ix` ON `bulk_jobs` (`environment_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `email_settings` (
	`environment_id` integer PRIMARY KEY NOT NULL,
	`process_approved_users_only` integer DEFAULT true NOT NULL,
	`process_approved_queues_only` integer DEFAULT true NOT NULL,
	`require_privilege_to_self_approve` integer DEFAULT false NOT NULL,
	`notify_mailbox_owner` integer DEFAULT false NOT NULL,
	`default_server_profile_id` integer,
	`default_incoming_method` integer DEFAULT 2 NOT NULL,
	`default_outgoing_method` integer DEFAULT 2 NOT NULL,
	`default_act_method` integer DEFAULT 1 NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`default_server_profile_id`) REFERENCES `server_profiles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `mailboxes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`environment_id` integer NOT NULL,
	`name` text NOT NULL,
	`email_address` text NOT NULL,
	`regarding_type` text NOT NULL,
	`regarding_user_id` integer,
	`regarding_queue_id` integer,
	`owner_id` integer,
	`server_profile_id` integer,
	`incoming_method` integer DEFAULT 2 NOT NULL,
	`outgoing_method` integer DEFAULT 2 NOT NULL,
	`act_method` integer DEFAULT 1 NOT NULL,
	`email_status` integer DEFAULT 2 NOT NULL,
	`is_approved_by_tenant_admin` integer DEFAULT false NOT NULL,
	`incoming_status` integer DEFAULT 0 NOT NULL,
	`outgoing_status` integer DEFAULT 0 NOT NULL,
	`act_status` integer DEFAULT 0 NOT NULL,
	`mailbox_status` integer DEFAULT 0 NOT NULL,
	`is_incoming_enabled` integer DEFAULT false NOT NULL,
	`is_outgoing_enabled` integer DEFAULT false NOT NULL,
	`is_act_enabled` integer DEFAULT false NOT NULL,
	`test_completed_on` integer,
	`process_email_received_after` integer,
	`approved_by_id` integer,
	`approved_by_name` text,
	`approved_on` integer,
	`test_last_attempted_by_id` integer,
	`test_last_attempted_on` integer,
	`is_active` integer DEFAULT true NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`regarding_user_id`) REFERENCES `environment_users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`regarding_queue_id`) REFERENCES `queues`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `environment_users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`server_profile_id`) REFERENCES `server_profiles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by_id`) REFERENCES `directory_users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`test_last_attempted_by_id`) REFERENCES `directory_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `mailboxes_env_active_name_ix` ON `mailboxes` (`environment_id`,`is_active`,`name`,`id`);--> statement-breakpoint
CREATE INDEX `mailboxes_env_status_name_ix` ON `mailboxes` (`environment_id`,`email_status`,`name`,`id`);--> statement-breakpoint
CREATE INDEX `mailboxes_env_email_ix` ON `mailboxes` (`environment_id`,`email_address`);--> statement-breakpoint
CREATE INDEX `mailboxes_regarding_user_ix` ON `mailboxes` (`regarding_user_id`);--> statement-breakpoint
CREATE INDEX `mailboxes_regarding_queue_ix` ON `mailboxes` (`regarding_queue_id`);--> statement-breakpoint
CREATE INDEX `mailboxes_profile_ix` ON `mailboxes` (`server_profile_id`);--> statement-breakpoint
CREATE TABLE `queues` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`environment_id` integer NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`owner_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `environment_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `queues_env_name_uq` ON `queues` (`environment_id`,`name`);--> statement-breakpoint
CREATE TABLE `server_profiles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`environment_id` integer NOT NULL,
	`name` text NOT NULL,
	`type` text DEFAULT 'exchange_online' NOT NULL,
	`auth_type` text NOT NULL,
	`oauth_tenant_id` text,
	`oauth_application_id` text,
	`oauth_secret` text,
	`is_default` integer DEFAULT false NOT NULL,
	`is_active` integer DEFAULT true NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `server_profiles_env_name_uq` ON `server_profiles` (`environment_id`,`name`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`seq` integer PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`actor_id` integer,
	`actor_upn` text,
	`action` text NOT NULL,
	`environment_id` integer,
	`target_type` text,
	`target_id` text,
	`target_label` text,
	`before` text,
	`after` text,
	`reason` text,
	`client_ip` text,
	`user_agent` text,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_events_env_seq_ix` ON `audit_events` (`environment_id`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_events_action_seq_ix` ON `audit_events` (`action`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_events_actor_seq_ix` ON `audit_events` (`actor_id`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_events_target_seq_ix` ON `audit_events` (`target_type`,`target_id`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_events_at_ix` ON `audit_events` (`at`);