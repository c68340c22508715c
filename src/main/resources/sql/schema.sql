-- Tables of pusher-pipeline, schema version 4 (SchemaVersion.CURRENT). ${schema} is
-- pusher.jdbc.schema, checked to be a plain identifier. Unquoted snake_case and standard types,
-- so H2, PostgreSQL and DuckDB read the same text.
-- Run at every start, so every statement is IF NOT EXISTS (or OR REPLACE): a new table, index or
-- nullable column is simply added here. A change these cannot make (a new column, changed data) goes into
-- sql/upgrade-N.sql, which runs once, before this file, on tables of a version below N.
CREATE SCHEMA IF NOT EXISTS ${schema};

-- One row per version the tables were brought to; the highest is the tables' version.
CREATE TABLE IF NOT EXISTS ${schema}.pusher_schema (
    version    INTEGER PRIMARY KEY,
    applied_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE IF NOT EXISTS ${schema}.pusher_loads (
    load_id       UUID PRIMARY KEY,
    app_id        VARCHAR(64) NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at   TIMESTAMP WITH TIME ZONE,
    status        VARCHAR(16) NOT NULL,
    channel_count INTEGER,
    user_count    INTEGER,
    request_count INTEGER,
    error         VARCHAR(4000)
);

CREATE INDEX IF NOT EXISTS pusher_loads_app_status ON ${schema}.pusher_loads (app_id, status, started_at);

-- Version 3: the prefix of the channels a load lists with complete member lists
-- (pusher.snapshot.filter-by-prefix, '' for all), which its snapshot heals the webhook history of;
-- NULL when it lists no members (pusher.snapshot.users=false), its rows were pruned, or older builds wrote it.
-- Added here rather than in CREATE TABLE so that version 3 tables made before it get it too.
ALTER TABLE ${schema}.pusher_loads ADD COLUMN IF NOT EXISTS members_prefix VARCHAR(200);

CREATE TABLE IF NOT EXISTS ${schema}.apps_channels (
    load_id            UUID NOT NULL,
    app_id             VARCHAR(64) NOT NULL,
    snapshot_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    channel_name       VARCHAR(200) NOT NULL,
    channel_type       VARCHAR(32) NOT NULL,
    subscription_count INTEGER,
    user_count         INTEGER,
    PRIMARY KEY (load_id, channel_name)
);

CREATE INDEX IF NOT EXISTS apps_channels_app_time ON ${schema}.apps_channels (app_id, snapshot_at);

CREATE TABLE IF NOT EXISTS ${schema}.channels_channel_users (
    load_id      UUID NOT NULL,
    app_id       VARCHAR(64) NOT NULL,
    snapshot_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    channel_name VARCHAR(200) NOT NULL,
    user_id      VARCHAR(1000) NOT NULL,
    PRIMARY KEY (load_id, channel_name, user_id)
);

-- Version 2: members over a time range, and pruning by app (pusher.write-disposition, pusher.retention).
CREATE INDEX IF NOT EXISTS channels_channel_users_app_time ON ${schema}.channels_channel_users (app_id, snapshot_at);

-- The rows of each app's latest loaded snapshot.
CREATE OR REPLACE VIEW ${schema}.current_channels AS
SELECT c.*
FROM ${schema}.apps_channels c
JOIN ${schema}.pusher_loads l ON l.load_id = c.load_id
WHERE l.status = 'loaded'
  AND l.started_at = (SELECT MAX(x.started_at) FROM ${schema}.pusher_loads x
                      WHERE x.app_id = l.app_id AND x.status = 'loaded');

-- Events publishing: the journal of events Pusher accepted, one row per event.
-- event_key is "{source}#{index}#{md5 of the event as given}" (plaintext, for encrypted channels too): a restart skips the keys found here.
CREATE TABLE IF NOT EXISTS ${schema}.apps_events (
    event_key    VARCHAR(1200) PRIMARY KEY,
    published_at TIMESTAMP WITH TIME ZONE NOT NULL,
    app_id       VARCHAR(64) NOT NULL,
    channels     VARCHAR(20000) NOT NULL,
    event_name   VARCHAR(200) NOT NULL,
    data_bytes   INTEGER NOT NULL,
    http_status  INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS apps_events_app_time ON ${schema}.apps_events (app_id, published_at);

-- Version 3, an event's info: the counts Pusher returned, summed over the event's channels
-- (NULL when the event did not ask for info, or Pusher said nothing). Added in place.
ALTER TABLE ${schema}.apps_events ADD COLUMN IF NOT EXISTS subscription_count INTEGER;
ALTER TABLE ${schema}.apps_events ADD COLUMN IF NOT EXISTS user_count INTEGER;

-- Version 3, webhooks (pusher.webhooks.enabled): every verified event as received, once.
-- event_key is the hex SHA-256 of app id, time_ms and the event's JSON: a batch delivered again,
-- or to a second receiver sharing the database, finds its keys here and adds nothing.
CREATE TABLE IF NOT EXISTS ${schema}.webhook_events (
    event_key          VARCHAR(64) PRIMARY KEY,
    app_id             VARCHAR(64) NOT NULL,
    received_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    time_ms            BIGINT NOT NULL,
    event_name         VARCHAR(200) NOT NULL,
    channel_name       VARCHAR(200),
    user_id            VARCHAR(1000),
    client_event       VARCHAR(200),
    data               VARCHAR(1000000),
    socket_id          VARCHAR(100),
    subscription_count INTEGER
);

CREATE INDEX IF NOT EXISTS webhook_events_channel_time ON ${schema}.webhook_events (app_id, channel_name, time_ms);
-- The channels with events since a snapshot began, which its healing derives again.
CREATE INDEX IF NOT EXISTS webhook_events_time ON ${schema}.webhook_events (app_id, time_ms);
-- Version 4: a (channel, user)'s events from a time on, and a channel's own (user_id NULL: occupied,
-- vacated), which a late event derives again; never the channel's whole history.
CREATE INDEX IF NOT EXISTS webhook_events_pair ON ${schema}.webhook_events (app_id, channel_name, user_id, time_ms);

-- Version 4: the events of verified batches that break the documented shape (no name, an unknown
-- name, a member event without user_id, no channel, a field too long), left out of the history, with
-- the rule each broke; the rest of their batch is stored. event is the event's JSON (its first 100,000
-- characters); name and event are escaped like every webhook text (docs/webhooks.md).
CREATE TABLE IF NOT EXISTS ${schema}.webhook_rejects (
    event_key   VARCHAR(64) PRIMARY KEY,
    app_id      VARCHAR(64) NOT NULL,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL,
    time_ms     BIGINT NOT NULL,
    event_index INTEGER NOT NULL,
    event_name  VARCHAR(200),
    reason      VARCHAR(400) NOT NULL,
    event       VARCHAR(1000000) NOT NULL
);

CREATE INDEX IF NOT EXISTS webhook_rejects_app_time ON ${schema}.webhook_rejects (app_id, received_at);

-- One row per stay of a user in a presence channel, derived from webhook_events (and healed by
-- snapshots); joined_by / left_by: webhook, channel_vacated or snapshot. left_at NULL: still there.
CREATE TABLE IF NOT EXISTS ${schema}.presence_sessions (
    app_id       VARCHAR(64) NOT NULL,
    channel_name VARCHAR(200) NOT NULL,
    user_id      VARCHAR(1000) NOT NULL,
    joined_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    left_at      TIMESTAMP WITH TIME ZONE,
    joined_by    VARCHAR(16) NOT NULL,
    left_by      VARCHAR(16),
    PRIMARY KEY (app_id, channel_name, user_id, joined_at)
);

CREATE INDEX IF NOT EXISTS presence_sessions_time ON ${schema}.presence_sessions (app_id, joined_at);
-- The users a channel_vacated closes: those with a session open at its time or later.
CREATE INDEX IF NOT EXISTS presence_sessions_open ON ${schema}.presence_sessions (channel_name, app_id, left_at);

-- One row per time a channel was occupied (had at least one subscriber).
CREATE TABLE IF NOT EXISTS ${schema}.channel_occupancy (
    app_id       VARCHAR(64) NOT NULL,
    channel_name VARCHAR(200) NOT NULL,
    occupied_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    vacated_at   TIMESTAMP WITH TIME ZONE,
    occupied_by  VARCHAR(16) NOT NULL,
    vacated_by   VARCHAR(16),
    PRIMARY KEY (app_id, channel_name, occupied_at)
);

-- Version 3's, no longer read; kept, since dropping an index is not the same statement everywhere.
CREATE INDEX IF NOT EXISTS channel_occupancy_open ON ${schema}.channel_occupancy (channel_name, app_id, vacated_at);

-- Version 5: every event of a channel, kept and served back by the history API (docs/history.md).
-- seq rises per (app, channel) and is the API's cursor; source is published, client_event or
-- archiver; event_key keeps an event once whichever sources saw it. Text is escaped like every
-- webhook text; an encrypted channel's data is the ciphertext as published.
CREATE TABLE IF NOT EXISTS ${schema}.channel_events (
    app_id       VARCHAR(64) NOT NULL,
    channel_name VARCHAR(200) NOT NULL,
    seq          BIGINT NOT NULL,
    event_name   VARCHAR(200) NOT NULL,
    data         VARCHAR(1000000),
    user_id      VARCHAR(1000),
    socket_id    VARCHAR(100),
    source       VARCHAR(16) NOT NULL,
    occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    event_key    VARCHAR(64) NOT NULL,
    PRIMARY KEY (app_id, channel_name, seq)
);

CREATE UNIQUE INDEX IF NOT EXISTS channel_events_key ON ${schema}.channel_events (app_id, event_key);
-- What pusher.history.retention deletes.
CREATE INDEX IF NOT EXISTS channel_events_time ON ${schema}.channel_events (app_id, occurred_at);
-- A channel's events of a few seconds: where a client event seen by the archiver and by its webhook is matched.
CREATE INDEX IF NOT EXISTS channel_events_channel_time ON ${schema}.channel_events (app_id, channel_name, occurred_at);

-- Version 5: the times the archiver was not connected, so a reader knows the history of its
-- channels is incomplete there; ended_at NULL: not connected yet.
CREATE TABLE IF NOT EXISTS ${schema}.channel_gaps (
    app_id     VARCHAR(64) NOT NULL,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at   TIMESTAMP WITH TIME ZONE,
    reason     VARCHAR(400) NOT NULL,
    PRIMARY KEY (app_id, started_at)
);

-- Who is in which presence channel now: the open sessions.
CREATE OR REPLACE VIEW ${schema}.presence_now AS
SELECT app_id, channel_name, user_id, joined_at, joined_by
FROM ${schema}.presence_sessions
WHERE left_at IS NULL;
