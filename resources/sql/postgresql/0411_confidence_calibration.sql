-- Calibrated confidence (issue 18, src/core/learning/IsotonicCalibration): each refit is kept with its date,
-- who asked for it, the sample size and the expected calibration error before and after; the newest one is
-- used. model holds the isotonic step functions (pooled and per risk level) as JSON.
CREATE TABLE confidence_calibrations (
    id uuid PRIMARY KEY,
    fitted_at timestamptz NOT NULL,
    fitted_by text NOT NULL CONSTRAINT ck_fitted_by CHECK (length(trim(fitted_by)) > 0),
    sample_size integer NOT NULL CONSTRAINT ck_sample_size CHECK (sample_size > 0),
    ece_before double precision NOT NULL CONSTRAINT ck_ece_before CHECK (ece_before BETWEEN 0 AND 1),
    ece_after double precision NOT NULL CONSTRAINT ck_ece_after CHECK (ece_after BETWEEN 0 AND 1),
    model jsonb NOT NULL
);
CREATE INDEX confidence_calibrations_fitted_at ON confidence_calibrations (fitted_at);

-- Reviewers (a lead from the dashboard) refit; everyone reads the newest fit.
GRANT SELECT ON confidence_calibrations TO cxpilot_reviewer, cxpilot_service;
GRANT INSERT ON confidence_calibrations TO cxpilot_reviewer;
ALTER TABLE confidence_calibrations ENABLE ROW LEVEL SECURITY;
CREATE POLICY calibrations_read ON confidence_calibrations FOR SELECT TO cxpilot_reviewer, cxpilot_service
    USING (true);
CREATE POLICY calibrations_insert_as_self ON confidence_calibrations FOR INSERT TO cxpilot_reviewer
    WITH CHECK (fitted_by = current_user);
