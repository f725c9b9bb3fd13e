-- The audit log's append-only check once per INSERT statement instead of once per row (issue 19).
-- The row trigger read the head for every event: 340-430 ms of inserting 10,000 events against
-- 240-300 ms now, in statements of 100 to 10,000 rows (bench/README.md, "Session 17"). The statement's rows, read from its transition table, are
-- checked at once, after they are in, with the same rule: they are consecutive, they end the log,
-- the first follows the previous head (1 on an empty log), and each links to the event before it
-- (the first to the head's hash, or to the genesis hash). A refusal aborts the whole statement. The
-- rows of one statement may come in any order: the chain is their order by seq.
-- Two transactions appending at once both see the same head; the primary key on seq then refuses
-- the second, so the chain never forks (the app's appends also queue on an advisory lock).
DROP TRIGGER audit_events_append_only_insert ON audit_events;
--> statement-breakpoint
DROP FUNCTION audit_events_append_only();
--> statement-breakpoint
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  added bigint;
  lo bigint;
  hi bigint;
  newest bigint;
  before_seq bigint;
  before_hash text;
BEGIN
  SELECT count(*), min(seq), max(seq) INTO added, lo, hi FROM new_rows;
  IF added = 0 THEN
    RETURN NULL;
  END IF;
  -- Written so that any plan reads the primary key's index from one end: PL/pgSQL may keep a
  -- generic plan, and one for "seq > hi" read the whole log after the fifth statement.
  SELECT max(seq) INTO newest FROM audit_events;
  SELECT seq, hash INTO before_seq, before_hash FROM audit_events WHERE seq < lo ORDER BY seq DESC LIMIT 1;
  IF hi - lo + 1 <> added
     OR newest <> hi
     OR lo <> coalesce(before_seq, 0) + 1
     -- Each row's prev_hash against the hash of the row before it: one sort, not a join (the planner
     -- cannot size a transition table, and nested-looped 10,000 rows over 10,000).
     OR EXISTS (
       SELECT 1
       FROM (SELECT prev_hash, lag(hash, 1, coalesce(before_hash, repeat('0', 64))) OVER (ORDER BY seq) AS hash_before
             FROM new_rows) AS linked
       WHERE prev_hash IS DISTINCT FROM hash_before)
  THEN
    RAISE EXCEPTION 'audit events are append-only: only the next event, linked to the head, may be inserted'
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only_insert AFTER INSERT ON audit_events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
