-- CX Pilot core schema, PostgreSQL dialect. Constraint names 'ck_<column>' let the storage layer name
-- the offending field in its error.

CREATE TABLE customer_reply_grading (
    id uuid PRIMARY KEY,
    conversation_id text NOT NULL,
    draft_id uuid,
    inbox_id bigint,
    draft_reply text NOT NULL DEFAULT '',
    human_reply text,
    tone integer NOT NULL CONSTRAINT ck_tone CHECK (tone BETWEEN 1 AND 5),
    accuracy integer NOT NULL CONSTRAINT ck_accuracy CHECK (accuracy BETWEEN 1 AND 5),
    policy integer NOT NULL CONSTRAINT ck_policy CHECK (policy BETWEEN 1 AND 5),
    edit_distance integer CONSTRAINT ck_edit_distance CHECK (edit_distance >= 0),
    edit_ratio double precision CONSTRAINT ck_edit_ratio CHECK (edit_ratio BETWEEN 0 AND 1),
    approved boolean NOT NULL DEFAULT false,
    approved_without_major_edits boolean NOT NULL DEFAULT false,
    rejection_reason text,
    graded_by text NOT NULL CONSTRAINT ck_graded_by CHECK (length(trim(graded_by)) > 0),
    graded_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    rag_sources jsonb NOT NULL DEFAULT '[]'::jsonb,
    confidence numeric(3, 2) CONSTRAINT ck_confidence CHECK (confidence BETWEEN 0 AND 1),
    customer_message_at timestamptz,
    draft_ready_at timestamptz,
    review_opened_at timestamptz,
    approved_at timestamptz,
    sent_at timestamptz
);
CREATE INDEX customer_reply_grading_graded_at ON customer_reply_grading (graded_at);
CREATE INDEX customer_reply_grading_conversation ON customer_reply_grading (conversation_id);
CREATE INDEX customer_reply_grading_graded_by ON customer_reply_grading (graded_by, graded_at);
CREATE INDEX customer_reply_grading_inbox ON customer_reply_grading (inbox_id, graded_at);
CREATE UNIQUE INDEX customer_reply_grading_one_per_draft ON customer_reply_grading (draft_id) WHERE draft_id IS NOT NULL;

-- Per UTC day. approval_rate_pct = approved (sent) / total graded; the North Star's rate counts
-- approved_without_major_edits and is reported separately.
CREATE VIEW customer_reply_quality_metrics WITH (security_invoker = true) AS
SELECT (graded_at AT TIME ZONE 'UTC')::date AS day,
       COUNT(*) AS total,
       COUNT(*) FILTER (WHERE approved) AS approved,
       AVG(tone)::double precision AS avg_tone,
       AVG(accuracy)::double precision AS avg_accuracy,
       AVG(policy)::double precision AS avg_policy,
       AVG(edit_distance)::double precision AS avg_edit_distance,
       100.0 * COUNT(*) FILTER (WHERE approved) / COUNT(*) AS approval_rate_pct,
       100.0 * COUNT(*) FILTER (WHERE approved_without_major_edits) / COUNT(*) AS approved_without_major_edits_pct
FROM customer_reply_grading
GROUP BY (graded_at AT TIME ZONE 'UTC')::date;

CREATE TABLE drafts (
    id uuid PRIMARY KEY,
    account_id bigint NOT NULL,
    conversation_id bigint NOT NULL,
    message_id bigint NOT NULL,
    inbox_id bigint,
    kind text NOT NULL DEFAULT 'cx_reply',
    state text NOT NULL
        CONSTRAINT ck_state CHECK (state IN ('drafted', 'noted', 'approved', 'sent', 'rejected', 'superseded')),
    draft_text text NOT NULL,
    sources jsonb NOT NULL DEFAULT '[]'::jsonb,
    confidence double precision CONSTRAINT ck_confidence CHECK (confidence BETWEEN 0 AND 1),
    tone jsonb NOT NULL DEFAULT '{}'::jsonb,
    evidence jsonb NOT NULL DEFAULT '[]'::jsonb,
    risk_level text CONSTRAINT ck_risk_level CHECK (risk_level IN ('low', 'medium', 'high')),
    risk jsonb NOT NULL DEFAULT '{}'::jsonb,
    model text,
    prompt_variant text,
    offline boolean NOT NULL DEFAULT false,
    timings jsonb NOT NULL DEFAULT '{}'::jsonb,
    usage jsonb NOT NULL DEFAULT '{}'::jsonb,
    note_message_id bigint,
    superseded_by uuid REFERENCES drafts (id),
    final_text text,
    reviewed_by text,
    rejection_reason text,
    grade_tone integer CONSTRAINT ck_grade_tone CHECK (grade_tone BETWEEN 1 AND 5),
    grade_accuracy integer CONSTRAINT ck_grade_accuracy CHECK (grade_accuracy BETWEEN 1 AND 5),
    grade_policy integer CONSTRAINT ck_grade_policy CHECK (grade_policy BETWEEN 1 AND 5),
    sent_message_id bigint,
    customer_message_at timestamptz,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    review_opened_at timestamptz,
    approved_at timestamptz,
    sent_at timestamptz,
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
    id uuid PRIMARY KEY,
    draft_id uuid NOT NULL UNIQUE REFERENCES drafts (id),
    send_key text NOT NULL UNIQUE,
    account_id bigint NOT NULL,
    conversation_id bigint NOT NULL,
    content text NOT NULL CONSTRAINT ck_content CHECK (length(trim(content)) > 0),
    content_hash text NOT NULL,
    state text NOT NULL CONSTRAINT ck_state CHECK (state IN ('pending', 'sending', 'unknown', 'sent', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    last_known_message_id bigint,
    chatwoot_message_id bigint,
    last_error text,
    approved_by text NOT NULL CONSTRAINT ck_approved_by CHECK (length(trim(approved_by)) > 0),
    approved_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    sent_at timestamptz
);
CREATE INDEX reply_outbox_state ON reply_outbox (state);

CREATE TABLE webhook_deliveries (
    delivery_id text PRIMARY KEY,
    event text NOT NULL,
    received_at timestamptz NOT NULL,
    outcome text
);

-- Append-only: each entry carries the hash of the previous one (see review/AuditChain).
CREATE TABLE audit_log (
    seq bigserial PRIMARY KEY,
    at timestamptz NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    entity_type text NOT NULL,
    entity_id text NOT NULL,
    from_state text,
    to_state text,
    details jsonb NOT NULL DEFAULT '{}'::jsonb,
    prev_hash text NOT NULL,
    hash text NOT NULL UNIQUE
);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id);
CREATE FUNCTION cxpilot_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION cxpilot_audit_append_only();

CREATE TABLE signal_queue (
    id uuid PRIMARY KEY,
    payload jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    last_error text
);
