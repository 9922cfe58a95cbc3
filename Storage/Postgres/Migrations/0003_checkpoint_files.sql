-- SQLite's 0003 moves a checkpoint's join state into a file beside its database. PostgreSQL keeps it in
-- checkpoints.join_state: replicas share the database, not a disk, and bytea is stored without SQLite's in-memory
-- copies and page-by-page WAL writes. This version exists so that both providers keep the same numbers.
SELECT 1;
