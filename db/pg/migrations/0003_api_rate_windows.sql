-- The REST API's rate-limit windows (db/rate-windows.ts): one row per token, counted by every app
-- server, so a token gets its limit once however many servers answer it (issue 19). A counter, not
-- the portal's data: UNLOGGED (no WAL write per request, not replicated, emptied after a crash,
-- which loses at most a minute's window), and outside the tables db/pg/schema.ts derives.
CREATE UNLOGGED TABLE api_rate_windows (
  token_id integer PRIMARY KEY REFERENCES api_tokens (id) ON DELETE CASCADE,
  started_at timestamp (3) with time zone NOT NULL,
  hits integer NOT NULL
);
