-- cxpilotd retention (ServiceRetention, `cxpilotd prune`): old deliveries and finished jobs found by index,
-- not by scanning tables that grow by a row per delivery.
CREATE INDEX webhook_deliveries_received ON webhook_deliveries (received_at);
CREATE INDEX webhook_deliveries_job ON webhook_deliveries (job_id);
CREATE INDEX service_jobs_finished ON service_jobs (finished_ms) WHERE state = 'done';

-- The service login may delete exactly what retention prunes: done jobs, and deliveries whose job is done
-- (or that made none, or whose job is gone). Restrictive policies narrow the permissive FOR ALL policies of
-- 0002/0007, so a parked, queued or running job and its deliveries cannot be deleted by this login at all.
GRANT DELETE ON webhook_deliveries, service_jobs TO cxpilot_service;
CREATE POLICY jobs_service_prune ON service_jobs AS RESTRICTIVE FOR DELETE TO cxpilot_service
    USING (state = 'done');
CREATE POLICY deliveries_service_prune ON webhook_deliveries AS RESTRICTIVE FOR DELETE TO cxpilot_service
    USING (job_id IS NULL OR NOT EXISTS (
        SELECT 1 FROM service_jobs j WHERE j.id = webhook_deliveries.job_id AND j.state <> 'done'));
