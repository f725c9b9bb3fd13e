-- Mailboxes already awaiting approval: since the last event that put them there, else since they were made.
UPDATE `mailboxes` SET `pending_since` = coalesce(
  (SELECT max(`at`) FROM `audit_events` WHERE `target_type` = 'mailbox' AND `target_id` = CAST(`mailboxes`.`id` AS text)
     AND json_extract(`after`, '$.emailStatus') = 'Pending Approval'),
  `created_at`)
WHERE `email_status` IN (0, 2);
