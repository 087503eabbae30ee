-- CX Pilot core schema, SQLite dialect. Times are UTC ISO-8601 text ('YYYY-MM-DDTHH:MM:SS.sssZ'),
-- JSON columns are text checked with json_valid(). Constraint names 'ck_<column>' let the storage layer
-- name the offending field in its error.

CREATE TABLE customer_reply_grading (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    draft_id TEXT,
    inbox_id INTEGER,
    draft_reply TEXT NOT NULL DEFAULT '',
    human_reply TEXT,
    tone INTEGER NOT NULL CONSTRAINT ck_tone CHECK (typeof(tone) = 'integer' AND tone BETWEEN 1 AND 5),
    accuracy INTEGER NOT NULL CONSTRAINT ck_accuracy CHECK (typeof(accuracy) = 'integer' AND accuracy BETWEEN 1 AND 5),
    policy INTEGER NOT NULL CONSTRAINT ck_policy CHECK (typeof(policy) = 'integer' AND policy BETWEEN 1 AND 5),
    edit_distance INTEGER CONSTRAINT ck_edit_distance CHECK (edit_distance >= 0),
    edit_ratio REAL CONSTRAINT ck_edit_ratio CHECK (edit_ratio BETWEEN 0 AND 1),
    approved INTEGER NOT NULL DEFAULT 0 CONSTRAINT ck_approved CHECK (approved IN (0, 1)),
    approved_without_major_edits INTEGER NOT NULL DEFAULT 0
        CONSTRAINT ck_approved_without_major_edits CHECK (approved_without_major_edits IN (0, 1)),
    rejection_reason TEXT,
    graded_by TEXT NOT NULL CONSTRAINT ck_graded_by CHECK (length(trim(graded_by)) > 0),
    graded_at TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    rag_sources TEXT NOT NULL DEFAULT '[]' CONSTRAINT ck_rag_sources CHECK (json_valid(rag_sources)),
    confidence REAL CONSTRAINT ck_confidence CHECK (confidence BETWEEN 0 AND 1),
    customer_message_at TEXT,
    draft_ready_at TEXT,
    review_opened_at TEXT,
    approved_at TEXT,
    sent_at TEXT
);
CREATE INDEX customer_reply_grading_graded_at ON customer_reply_grading (graded_at);
CREATE INDEX customer_reply_grading_conversation ON customer_reply_grading (conversation_id);
CREATE INDEX customer_reply_grading_graded_by ON customer_reply_grading (graded_by, graded_at);
CREATE INDEX customer_reply_grading_inbox ON customer_reply_grading (inbox_id, graded_at);
CREATE UNIQUE INDEX customer_reply_grading_one_per_draft ON customer_reply_grading (draft_id) WHERE draft_id IS NOT NULL;

-- Per UTC day. approval_rate_pct = approved (sent) / total graded; the North Star's rate counts
-- approved_without_major_edits and is reported separately.
CREATE VIEW customer_reply_quality_metrics AS
SELECT date(graded_at) AS day,
       COUNT(*) AS total,
       SUM(approved) AS approved,
       AVG(tone) AS avg_tone,
       AVG(accuracy) AS avg_accuracy,
       AVG(policy) AS avg_policy,
       AVG(edit_distance) AS avg_edit_distance,
       100.0 * SUM(approved) / COUNT(*) AS approval_rate_pct,
       100.0 * SUM(approved_without_major_edits) / COUNT(*) AS approved_without_major_edits_pct
FROM customer_reply_grading
GROUP BY date(graded_at);

CREATE TABLE drafts (
    id TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL,
    conversation_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    inbox_id INTEGER,
    kind TEXT NOT NULL DEFAULT 'cx_reply',
    state TEXT NOT NULL
        CONSTRAINT ck_state CHECK (state IN ('drafted', 'noted', 'approved', 'sent', 'rejected', 'superseded')),
    draft_text TEXT NOT NULL,
    sources TEXT NOT NULL DEFAULT '[]' CONSTRAINT ck_sources CHECK (json_valid(sources)),
    confidence REAL CONSTRAINT ck_confidence CHECK (confidence BETWEEN 0 AND 1),
    tone TEXT NOT NULL DEFAULT '{}' CONSTRAINT ck_tone CHECK (json_valid(tone)),
    evidence TEXT NOT NULL DEFAULT '[]' CONSTRAINT ck_evidence CHECK (json_valid(evidence)),
    risk_level TEXT CONSTRAINT ck_risk_level CHECK (risk_level IN ('low', 'medium', 'high')),
    risk TEXT NOT NULL DEFAULT '{}' CONSTRAINT ck_risk CHECK (json_valid(risk)),
    model TEXT,
    prompt_variant TEXT,
    offline INTEGER NOT NULL DEFAULT 0,
    timings TEXT NOT NULL DEFAULT '{}' CONSTRAINT ck_timings CHECK (json_valid(timings)),
    usage TEXT NOT NULL DEFAULT '{}' CONSTRAINT ck_usage CHECK (json_valid(usage)),
    note_message_id INTEGER,
    superseded_by TEXT REFERENCES drafts (id),
    final_text TEXT,
    reviewed_by TEXT,
    rejection_reason TEXT,
    grade_tone INTEGER CONSTRAINT ck_grade_tone CHECK (grade_tone BETWEEN 1 AND 5),
    grade_accuracy INTEGER CONSTRAINT ck_grade_accuracy CHECK (grade_accuracy BETWEEN 1 AND 5),
    grade_policy INTEGER CONSTRAINT ck_grade_policy CHECK (grade_policy BETWEEN 1 AND 5),
    sent_message_id INTEGER,
    customer_message_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    review_opened_at TEXT,
    approved_at TEXT,
    sent_at TEXT,
    -- 'sent' only through 'approved', and 'approved' only with three grades from a named person.
    CONSTRAINT ck_approval CHECK (state NOT IN ('approved', 'sent') OR (grade_tone IS NOT NULL
        AND grade_accuracy IS NOT NULL AND grade_policy IS NOT NULL AND length(trim(reviewed_by)) > 0
        AND approved_at IS NOT NULL AND length(trim(final_text)) > 0))
);
-- One live draft per customer message, even when two processes race: superseded ones step aside.
CREATE UNIQUE INDEX drafts_one_live_per_message ON drafts (account_id, conversation_id, message_id)
    WHERE state <> 'superseded';
CREATE INDEX drafts_state ON drafts (state, created_at);
CREATE INDEX drafts_conversation ON drafts (account_id, conversation_id);

CREATE TABLE reply_outbox (
    id TEXT PRIMARY KEY,
    draft_id TEXT NOT NULL UNIQUE REFERENCES drafts (id),
    send_key TEXT NOT NULL UNIQUE,
    account_id INTEGER NOT NULL,
    conversation_id INTEGER NOT NULL,
    content TEXT NOT NULL CONSTRAINT ck_content CHECK (length(trim(content)) > 0),
    content_hash TEXT NOT NULL,
    state TEXT NOT NULL CONSTRAINT ck_state CHECK (state IN ('pending', 'sending', 'unknown', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_known_message_id INTEGER,
    chatwoot_message_id INTEGER,
    last_error TEXT,
    approved_by TEXT NOT NULL CONSTRAINT ck_approved_by CHECK (length(trim(approved_by)) > 0),
    approved_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE INDEX reply_outbox_state ON reply_outbox (state);

CREATE TABLE webhook_deliveries (
    delivery_id TEXT PRIMARY KEY,
    event TEXT NOT NULL,
    received_at TEXT NOT NULL,
    outcome TEXT
);

-- Append-only: each entry carries the hash of the previous one (see review/AuditChain).
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT,
    details TEXT NOT NULL DEFAULT '{}' CONSTRAINT ck_details CHECK (json_valid(details)),
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Learning signals waiting for an unreachable team database (kept in the local SQLite file).
CREATE TABLE signal_queue (
    id TEXT PRIMARY KEY,
    payload TEXT NOT NULL CONSTRAINT ck_payload CHECK (json_valid(payload)),
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
