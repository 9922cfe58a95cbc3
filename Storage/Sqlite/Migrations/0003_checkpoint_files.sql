-- A checkpoint's join state is written to a file beside the database (see SqliteBanditStore.Checkpoints) instead of
-- into join_state, which stays empty for such rows: SQLite copied a bound blob twice in memory and then wrote it page
-- by page through the WAL, seconds of work on a loaded server's consumer thread, and one value holds at most 1 GB.
-- join_length and join_hash (XxHash3 of the bytes) let a load refuse a file that is missing, cut short or altered.
ALTER TABLE checkpoints ADD COLUMN join_file TEXT;
ALTER TABLE checkpoints ADD COLUMN join_length INTEGER;
ALTER TABLE checkpoints ADD COLUMN join_hash INTEGER;
