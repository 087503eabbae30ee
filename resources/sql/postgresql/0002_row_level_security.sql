-- Row-level security on every CX table. Two group roles (NOLOGIN); people and services log in with their
-- own roles that are members of one of them:
--   cxpilot_reviewer  reads everything; writes grades only as itself (graded_by = current_user);
--                     approves drafts and queues replies only in its own name.
--   cxpilot_service   writes drafts (cxpilotd) and webhook deliveries; cannot grade.
-- The schema owner (who runs migrations) is not subject to these policies.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cxpilot_reviewer') THEN
        CREATE ROLE cxpilot_reviewer NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cxpilot_service') THEN
        CREATE ROLE cxpilot_service NOLOGIN;
    END IF;
END;
$$;

GRANT USAGE ON SCHEMA public TO cxpilot_reviewer, cxpilot_service;
GRANT SELECT ON customer_reply_grading, customer_reply_quality_metrics, drafts, reply_outbox, audit_log
    TO cxpilot_reviewer, cxpilot_service;
GRANT SELECT ON schema_version TO cxpilot_reviewer, cxpilot_service;
GRANT INSERT ON customer_reply_grading TO cxpilot_reviewer;
GRANT UPDATE ON drafts TO cxpilot_reviewer;
GRANT INSERT, UPDATE ON drafts TO cxpilot_service;
GRANT INSERT, UPDATE ON reply_outbox TO cxpilot_reviewer;
GRANT INSERT ON audit_log TO cxpilot_reviewer, cxpilot_service;
GRANT USAGE ON SEQUENCE audit_log_seq_seq TO cxpilot_reviewer, cxpilot_service;
GRANT SELECT, INSERT, UPDATE ON webhook_deliveries TO cxpilot_service;
GRANT SELECT, INSERT, UPDATE, DELETE ON signal_queue TO cxpilot_reviewer;

ALTER TABLE customer_reply_grading ENABLE ROW LEVEL SECURITY;
ALTER TABLE drafts ENABLE ROW LEVEL SECURITY;
ALTER TABLE reply_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE signal_queue ENABLE ROW LEVEL SECURITY;

CREATE POLICY grading_read ON customer_reply_grading FOR SELECT TO cxpilot_reviewer, cxpilot_service USING (true);
CREATE POLICY grading_insert_as_self ON customer_reply_grading FOR INSERT TO cxpilot_reviewer
    WITH CHECK (graded_by = current_user);

CREATE POLICY drafts_read ON drafts FOR SELECT TO cxpilot_reviewer, cxpilot_service USING (true);
CREATE POLICY drafts_service_insert ON drafts FOR INSERT TO cxpilot_service WITH CHECK (true);
CREATE POLICY drafts_service_update ON drafts FOR UPDATE TO cxpilot_service USING (true)
    WITH CHECK (state IN ('drafted', 'noted', 'superseded'));
CREATE POLICY drafts_reviewer_update ON drafts FOR UPDATE TO cxpilot_reviewer USING (true)
    WITH CHECK (reviewed_by IS NULL OR reviewed_by = current_user);

CREATE POLICY outbox_read ON reply_outbox FOR SELECT TO cxpilot_reviewer, cxpilot_service USING (true);
CREATE POLICY outbox_insert_as_self ON reply_outbox FOR INSERT TO cxpilot_reviewer
    WITH CHECK (approved_by = current_user);
CREATE POLICY outbox_update ON reply_outbox FOR UPDATE TO cxpilot_reviewer USING (true);

CREATE POLICY audit_read ON audit_log FOR SELECT TO cxpilot_reviewer, cxpilot_service USING (true);
CREATE POLICY audit_insert_as_self ON audit_log FOR INSERT TO cxpilot_reviewer, cxpilot_service
    WITH CHECK (actor = current_user);

CREATE POLICY deliveries_service ON webhook_deliveries FOR ALL TO cxpilot_service USING (true) WITH CHECK (true);
CREATE POLICY signal_queue_reviewer ON signal_queue FOR ALL TO cxpilot_reviewer USING (true) WITH CHECK (true);
