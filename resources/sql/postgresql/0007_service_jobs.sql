-- cxpilotd (issue 14): the durable job queue, durable webhook deliveries, the service's rights, NOTIFY on
-- drafts. Times of the queue are Unix milliseconds (bigint) so both dialects compare them the same way.

-- One row per unit of work. dedupe_key makes two deliveries of the same customer message one job.
-- state: queued -> running (leased to lease_owner until lease_until_ms) -> done, or -> queued again with a
-- later run_after_ms (retry with backoff), or -> parked after max attempts (re-queued by `cxpilotd retry`).
CREATE TABLE service_jobs (
    id bigserial PRIMARY KEY,
    kind text NOT NULL CONSTRAINT ck_kind CHECK (kind IN ('draft', 'agent_replied', 'close_drafts', 'check_conversation')),
    dedupe_key text NOT NULL UNIQUE,
    account_id bigint NOT NULL,
    conversation_id bigint NOT NULL,
    message_id bigint NOT NULL DEFAULT 0,
    payload jsonb NOT NULL DEFAULT '{}'::jsonb,
    state text NOT NULL DEFAULT 'queued'
        CONSTRAINT ck_state CHECK (state IN ('queued', 'running', 'done', 'parked')),
    attempts integer NOT NULL DEFAULT 0,
    run_after_ms bigint NOT NULL,
    lease_owner text,
    lease_until_ms bigint,
    last_error text,
    created_ms bigint NOT NULL,
    finished_ms bigint
);
CREATE INDEX service_jobs_ready ON service_jobs (run_after_ms) WHERE state = 'queued';
CREATE INDEX service_jobs_leased ON service_jobs (lease_until_ms) WHERE state = 'running';

-- Each delivery is recorded in the same transaction as the job it creates (job_id; NULL when the event
-- needs no work). The key is X-Chatwoot-Delivery, or "sha256:<body hash>" when the header is missing.
ALTER TABLE webhook_deliveries ADD COLUMN body_sha256 text;
ALTER TABLE webhook_deliveries ADD COLUMN job_id bigint;

-- Shared state of all instances (last catch-up sweep) and their heartbeats (desktops see a service).
CREATE TABLE service_state (
    key text PRIMARY KEY,
    value text NOT NULL,
    updated_ms bigint NOT NULL
);
CREATE TABLE service_instances (
    instance_id text PRIMARY KEY,
    host text NOT NULL,
    started_ms bigint NOT NULL,
    seen_ms bigint NOT NULL
);

GRANT SELECT, INSERT, UPDATE ON service_jobs, service_state, service_instances TO cxpilot_service;
GRANT USAGE ON SEQUENCE service_jobs_id_seq TO cxpilot_service;
GRANT SELECT ON service_jobs, service_state, service_instances, webhook_deliveries TO cxpilot_reviewer;
-- The pipeline releases a claim whose generation failed (an empty 'drafted' row); only such rows.
GRANT DELETE ON drafts TO cxpilot_service;

ALTER TABLE service_jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE service_state ENABLE ROW LEVEL SECURITY;
ALTER TABLE service_instances ENABLE ROW LEVEL SECURITY;
CREATE POLICY jobs_service ON service_jobs FOR ALL TO cxpilot_service USING (true) WITH CHECK (true);
CREATE POLICY jobs_read ON service_jobs FOR SELECT TO cxpilot_reviewer USING (true);
CREATE POLICY state_service ON service_state FOR ALL TO cxpilot_service USING (true) WITH CHECK (true);
CREATE POLICY state_read ON service_state FOR SELECT TO cxpilot_reviewer USING (true);
CREATE POLICY instances_service ON service_instances FOR ALL TO cxpilot_service USING (true) WITH CHECK (true);
CREATE POLICY instances_read ON service_instances FOR SELECT TO cxpilot_reviewer USING (true);
CREATE POLICY deliveries_reviewer_read ON webhook_deliveries FOR SELECT TO cxpilot_reviewer USING (true);
CREATE POLICY drafts_service_release ON drafts FOR DELETE TO cxpilot_service
    USING (state = 'drafted' AND draft_text = '');

-- Desktops hear of drafts at once (LISTEN cxpilot_drafts): the payload is the draft id and its new state.
-- Sent on commit only, so a listener never reads a draft that is not there yet.
CREATE FUNCTION cxpilot_notify_draft() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('cxpilot_drafts', NEW.id::text || ' ' || NEW.state);
    RETURN NULL;
END;
$$;
CREATE TRIGGER drafts_notify AFTER INSERT OR UPDATE OF state ON drafts
    FOR EACH ROW EXECUTE FUNCTION cxpilot_notify_draft();
