-- Every decision or reward log batch commits one row here in the same transaction. A writer whose connection
-- breaks while COMMIT is in flight cannot know whether the batch went through; it asks this table before
-- writing the batch again, so a lost acknowledgement never duplicates log rows (which would bias offline
-- evaluation). Purged with the logs by retention.
CREATE TABLE log_batches (
    id  uuid PRIMARY KEY,
    at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX log_batches_at ON log_batches (at);
