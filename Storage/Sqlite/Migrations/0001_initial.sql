-- Surfaces, items, decision and reward logs, checkpoints and snapshots.
-- Times are INTEGER microseconds since the Unix epoch (UTC); vectors are little-endian float32/int32 blobs;
-- a decision's items are one blob (see DecisionItemsEncoding).

CREATE TABLE surfaces (
    surface                TEXT PRIMARY KEY,
    dimension              INTEGER NOT NULL,
    policy                 TEXT NOT NULL,
    alpha                  REAL NOT NULL,
    epsilon                REAL NOT NULL,
    ridge                  REAL NOT NULL,
    forgetting             REAL NOT NULL,
    reward_window_seconds  INTEGER NOT NULL,
    default_reward         REAL NULL,
    recovery_json          TEXT NULL,
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL
) STRICT;

CREATE TABLE items (
    surface     TEXT NOT NULL REFERENCES surfaces (surface) ON DELETE CASCADE,
    item_id     TEXT NOT NULL,
    active      INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (surface, item_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE decisions (
    id              INTEGER PRIMARY KEY,
    event_id        TEXT NOT NULL,
    surface         TEXT NOT NULL,
    at              INTEGER NOT NULL,
    policy          TEXT NOT NULL,
    model_version   INTEGER NOT NULL,
    features        BLOB NULL,
    sparse_indices  BLOB NULL,
    sparse_values   BLOB NULL,
    user_id         TEXT NULL,
    items           BLOB NOT NULL
) STRICT;
CREATE INDEX decisions_surface_at ON decisions (surface, at, id);
CREATE INDEX decisions_at ON decisions (at, id);

CREATE TABLE rewards (
    id        INTEGER PRIMARY KEY,
    event_id  TEXT NOT NULL,
    surface   TEXT NULL,
    item_id   TEXT NOT NULL,
    reward    REAL NOT NULL,
    at        INTEGER NOT NULL,
    outcome   INTEGER NOT NULL
) STRICT;
CREATE INDEX rewards_surface_at ON rewards (surface, at, id);
CREATE INDEX rewards_at ON rewards (at, id);

CREATE TABLE checkpoints (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    join_state  BLOB NOT NULL
) STRICT;

CREATE TABLE checkpoint_models (
    checkpoint_id  INTEGER NOT NULL REFERENCES checkpoints (id) ON DELETE CASCADE,
    surface        TEXT NOT NULL,
    model          BLOB NOT NULL,
    PRIMARY KEY (checkpoint_id, surface)
) STRICT;

CREATE TABLE checkpoint_offsets (
    checkpoint_id  INTEGER NOT NULL REFERENCES checkpoints (id) ON DELETE CASCADE,
    topic          TEXT NOT NULL,
    partition      INTEGER NOT NULL,
    "offset"       INTEGER NOT NULL,
    PRIMARY KEY (checkpoint_id, topic, partition)
) STRICT;

CREATE TABLE snapshots (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    surface        TEXT NOT NULL,
    model_version  INTEGER NOT NULL,
    model          BLOB NOT NULL,
    created_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX snapshots_surface_id ON snapshots (surface, id);
