-- Surfaces, items, decision and reward logs, checkpoints and snapshots.
-- Vectors are float4[]/int4[] (4 bytes per element), never JSON text.

CREATE TABLE surfaces (
    surface                text PRIMARY KEY,
    dimension              integer NOT NULL,
    policy                 text NOT NULL,
    alpha                  double precision NOT NULL,
    epsilon                double precision NOT NULL,
    ridge                  double precision NOT NULL,
    forgetting             double precision NOT NULL,
    reward_window_seconds  integer NOT NULL,
    default_reward         double precision NULL,
    recovery_json          text NULL,
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL
);

CREATE TABLE items (
    surface     text NOT NULL REFERENCES surfaces (surface) ON DELETE CASCADE,
    item_id     text NOT NULL,
    active      boolean NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (surface, item_id)
);

-- One row per decision; the placed items are parallel arrays so a decision is one compact row.
CREATE TABLE decisions (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id            text NOT NULL,
    surface             text NOT NULL,
    at                  timestamptz NOT NULL,
    policy              text NOT NULL,
    model_version       bigint NOT NULL,
    features            real[] NULL,
    sparse_indices      integer[] NULL,
    sparse_values       real[] NULL,
    user_id             text NULL,
    item_ids            text[] NOT NULL,
    item_slots          integer[] NOT NULL,
    item_scores         double precision[] NOT NULL,
    item_propensities   double precision[] NOT NULL
);
CREATE INDEX decisions_surface_at ON decisions (surface, at, id);
-- Retention deletes by time across surfaces.
CREATE INDEX decisions_at ON decisions (at, id);

CREATE TABLE rewards (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id  text NOT NULL,
    surface   text NULL,
    item_id   text NOT NULL,
    reward    double precision NOT NULL,
    at        timestamptz NOT NULL,
    outcome   smallint NOT NULL
);
CREATE INDEX rewards_surface_at ON rewards (surface, at, id);
CREATE INDEX rewards_at ON rewards (at, id);

CREATE TABLE checkpoints (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL,
    join_state  bytea NOT NULL
);

CREATE TABLE checkpoint_models (
    checkpoint_id  bigint NOT NULL REFERENCES checkpoints (id) ON DELETE CASCADE,
    surface        text NOT NULL,
    model          bytea NOT NULL,
    PRIMARY KEY (checkpoint_id, surface)
);

CREATE TABLE checkpoint_offsets (
    checkpoint_id  bigint NOT NULL REFERENCES checkpoints (id) ON DELETE CASCADE,
    topic          text NOT NULL,
    partition      integer NOT NULL,
    "offset"       bigint NOT NULL,
    PRIMARY KEY (checkpoint_id, topic, partition)
);

CREATE TABLE snapshots (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    surface        text NOT NULL,
    model_version  bigint NOT NULL,
    model          bytea NOT NULL,
    created_at     timestamptz NOT NULL
);
CREATE INDEX snapshots_surface_id ON snapshots (surface, id);
