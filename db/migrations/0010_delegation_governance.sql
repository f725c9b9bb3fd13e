ALTER TABLE `tenants` ADD `max_delegation_days` integer;--> statement-breakpoint
ALTER TABLE `tenants` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `user_role_assignments` ADD `renewed_by_id` integer REFERENCES directory_users(id);--> statement-breakpoint
ALTER TABLE `user_role_assignments` ADD `renewed_at` integer;--> statement-breakpoint
CREATE INDEX `user_role_assignments_expiry_due_ix` ON `user_role_assignments` (`ends_at`) WHERE "user_role_assignments"."ends_at" is not null and "user_role_assignments"."expiry_audited_at" is null;--> statement-breakpoint
CREATE INDEX `audit_events_dma_approvals_ix` ON `audit_events` (`actor_id`,`environment_id`,`at`) WHERE action = 'MailboxApproved' and json_extract(after, '$.approvedWith') = 'Delegated Mailbox Approver';--> statement-breakpoint
CREATE INDEX `environment_users_env_lower_name_ix` ON `environment_users` (`environment_id`,lower("full_name"));--> statement-breakpoint
CREATE INDEX `environment_users_env_lower_email_ix` ON `environment_users` (`environment_id`,lower("email"));