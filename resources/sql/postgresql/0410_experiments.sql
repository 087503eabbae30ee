-- Prompt and model experiments (issue 18, src/core/learning). At most one experiment runs at a time, so a
-- draft belongs to at most one; stopped experiments stay for their reports.
CREATE TABLE experiments (
    id uuid PRIMARY KEY,
    name text NOT NULL UNIQUE CONSTRAINT ck_name CHECK (length(trim(name)) > 0),
    -- [{"label": "A", "prompt_version": "...", "model": "...", "weight": 50}, ...], at least two
    variants jsonb NOT NULL CONSTRAINT ck_variants CHECK (jsonb_typeof(variants) = 'array' AND jsonb_array_length(variants) >= 2),
    state text NOT NULL CONSTRAINT ck_state CHECK (state IN ('running', 'stopped')),
    started_by text NOT NULL CONSTRAINT ck_started_by CHECK (length(trim(started_by)) > 0),
    started_at timestamptz NOT NULL,
    stopped_at timestamptz
);
CREATE UNIQUE INDEX experiments_one_running ON experiments (state) WHERE state = 'running';

-- The variant each draft was made with, written in the transaction that claims the draft (DraftPipeline).
-- A claim released after a failed generation takes its assignment with it.
CREATE TABLE experiment_assignments (
    draft_id uuid PRIMARY KEY REFERENCES drafts (id) ON DELETE CASCADE,
    experiment_id uuid NOT NULL REFERENCES experiments (id),
    variant_index integer NOT NULL CONSTRAINT ck_variant_index CHECK (variant_index >= 0),
    variant text NOT NULL,
    prompt_version text,
    model text,
    conversation_key text NOT NULL,
    assigned_at timestamptz NOT NULL
);
CREATE INDEX experiment_assignments_experiment ON experiment_assignments (experiment_id, variant_index);

-- Leads start and stop experiments from the app or the CLI (as reviewers); the service and the desktops'
-- pipelines record assignments; everyone reads.
GRANT SELECT ON experiments, experiment_assignments TO cxpilot_reviewer, cxpilot_service;
GRANT INSERT, UPDATE ON experiments TO cxpilot_reviewer;
GRANT INSERT ON experiment_assignments TO cxpilot_reviewer, cxpilot_service;
ALTER TABLE experiments ENABLE ROW LEVEL SECURITY;
ALTER TABLE experiment_assignments ENABLE ROW LEVEL SECURITY;
CREATE POLICY experiments_read ON experiments FOR SELECT TO cxpilot_reviewer, cxpilot_service USING (true);
CREATE POLICY experiments_lead_insert ON experiments FOR INSERT TO cxpilot_reviewer
    WITH CHECK (started_by = current_user);
CREATE POLICY experiments_lead_update ON experiments FOR UPDATE TO cxpilot_reviewer USING (true);
CREATE POLICY assignments_read ON experiment_assignments FOR SELECT TO cxpilot_reviewer, cxpilot_service
    USING (true);
CREATE POLICY assignments_insert ON experiment_assignments FOR INSERT TO cxpilot_reviewer, cxpilot_service
    WITH CHECK (true);
