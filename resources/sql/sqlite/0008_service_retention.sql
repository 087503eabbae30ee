-- cxpilotd retention (ServiceRetention, `cxpilotd prune`): old deliveries and finished jobs found by index,
-- not by scanning tables that grow by a row per delivery.
CREATE INDEX webhook_deliveries_received ON webhook_deliveries (received_at);
CREATE INDEX webhook_deliveries_job ON webhook_deliveries (job_id);
CREATE INDEX service_jobs_finished ON service_jobs (finished_ms) WHERE state = 'done';
