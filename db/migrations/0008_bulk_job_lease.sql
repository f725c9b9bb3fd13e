CREATE TABLE `bulk_job_inputs` (
	`job_id` integer PRIMARY KEY NOT NULL,
	`params` text NOT NULL,
	`item_ids` text NOT NULL,
	FOREIGN KEY (`job_id`) REFERENCES `bulk_jobs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `bulk_jobs` ADD `title` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `bulk_jobs` ADD `dedupe_key` text;--> statement-breakpoint
ALTER TABLE `bulk_jobs` ADD `lease_owner` text;--> statement-breakpoint
ALTER TABLE `bulk_jobs` ADD `lease_heartbeat_at` integer;--> statement-breakpoint
ALTER TABLE `bulk_jobs` ADD `lease_expires_at` integer;--> statement-breakpoint
CREATE INDEX `bulk_jobs_status_ix` ON `bulk_jobs` (`status`);--> statement-breakpoint
-- Hand-written: jobs from before this migration keep their inputs, dedupe key and title (as the two
-- kinds of that time wrote them) before `params` goes.
INSERT INTO `bulk_job_inputs` (`job_id`, `params`, `item_ids`)
  SELECT `id`, coalesce(json_extract(`params`, '$.params'), '{}'), coalesce(json_extract(`params`, '$.itemIds'), '[]') FROM `bulk_jobs`;--> statement-breakpoint
UPDATE `bulk_jobs` SET
  `dedupe_key` = json_extract(`params`, '$.dedupeKey'),
  `title` = CASE `kind`
    WHEN 'test-and-enable-profile' THEN 'Test & Enable Mailboxes: ' || json_extract(`params`, '$.params.profileName')
    WHEN 'mailbox-approval' THEN
      CASE json_extract(`params`, '$.params.operation') WHEN 'approve' THEN 'Approve Email' ELSE 'Reject Email' END
      || ': ' || printf('%,d', json_extract(`params`, '$.params.count'))
      || CASE json_extract(`params`, '$.params.count') WHEN 1 THEN ' mailbox' ELSE ' mailboxes' END
    ELSE `kind` END;--> statement-breakpoint
ALTER TABLE `bulk_jobs` DROP COLUMN `params`;
