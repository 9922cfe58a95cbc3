-- One row per decision or reward log batch, committed with the batch: a writer that did not see its commit
-- acknowledged asks here before writing the batch again (see the PostgreSQL migration of the same name).
-- Times are INTEGER microseconds since the Unix epoch (UTC).
CREATE TABLE log_batches (
    id  TEXT PRIMARY KEY,
    at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX log_batches_at ON log_batches (at);
