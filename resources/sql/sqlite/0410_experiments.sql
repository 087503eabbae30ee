-- Prompt and model experiments (issue 18, src/core/learning). At most one experiment runs at a time, so a
-- draft belongs to at most one; stopped experiments stay for their reports.
CREATE TABLE experiments (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CONSTRAINT ck_name CHECK (length(trim(name)) > 0),
    -- [{"label": "A", "prompt_version": "...", "model": "...", "weight": 50}, ...], at least two
    variants TEXT NOT NULL CONSTRAINT ck_variants CHECK (json_valid(variants) AND json_array_length(variants) >= 2),
    state TEXT NOT NULL CONSTRAINT ck_state CHECK (state IN ('running', 'stopped')),
    started_by TEXT NOT NULL CONSTRAINT ck_started_by CHECK (length(trim(started_by)) > 0),
    started_at TEXT NOT NULL,
    stopped_at TEXT
);
CREATE UNIQUE INDEX experiments_one_running ON experiments (state) WHERE state = 'running';

-- The variant each draft was made with, written in the transaction that claims the draft (DraftPipeline).
-- A claim released after a failed generation takes its assignment with it.
CREATE TABLE experiment_assignments (
    draft_id TEXT PRIMARY KEY REFERENCES drafts (id) ON DELETE CASCADE,
    experiment_id TEXT NOT NULL REFERENCES experiments (id),
    variant_index INTEGER NOT NULL CONSTRAINT ck_variant_index CHECK (variant_index >= 0),
    variant TEXT NOT NULL,
    prompt_version TEXT,
    model TEXT,
    conversation_key TEXT NOT NULL,
    assigned_at TEXT NOT NULL
);
CREATE INDEX experiment_assignments_experiment ON experiment_assignments (experiment_id, variant_index);
