-- cxpilotd (issue 14): the durable job queue and durable webhook deliveries (SQLite: one instance).
-- Times of the queue are Unix milliseconds so both dialects compare them the same way.
CREATE TABLE service_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CONSTRAINT ck_kind CHECK (kind IN ('draft', 'agent_replied', 'close_drafts', 'check_conversation')),
    dedupe_key TEXT NOT NULL UNIQUE,
    account_id INTEGER NOT NULL,
    conversation_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL DEFAULT 0,
    payload TEXT NOT NULL DEFAULT '{}' CONSTRAINT ck_payload CHECK (json_valid(payload)),
    state TEXT NOT NULL DEFAULT 'queued'
        CONSTRAINT ck_state CHECK (state IN ('queued', 'running', 'done', 'parked')),
    attempts INTEGER NOT NULL DEFAULT 0,
    run_after_ms INTEGER NOT NULL,
    lease_owner TEXT,
    lease_until_ms INTEGER,
    last_error TEXT,
    created_ms INTEGER NOT NULL,
    finished_ms INTEGER
);
CREATE INDEX service_jobs_ready ON service_jobs (state, run_after_ms);

ALTER TABLE webhook_deliveries ADD COLUMN body_sha256 TEXT;
ALTER TABLE webhook_deliveries ADD COLUMN job_id INTEGER;

CREATE TABLE service_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_ms INTEGER NOT NULL
);
CREATE TABLE service_instances (
    instance_id TEXT PRIMARY KEY,
    host TEXT NOT NULL,
    started_ms INTEGER NOT NULL,
    seen_ms INTEGER NOT NULL
);
