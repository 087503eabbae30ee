-- Calibrated confidence (issue 18, src/core/learning/IsotonicCalibration): each refit is kept with its date,
-- who asked for it, the sample size and the expected calibration error before and after; the newest one is
-- used. model holds the isotonic step functions (pooled and per risk level) as JSON.
CREATE TABLE confidence_calibrations (
    id TEXT PRIMARY KEY,
    fitted_at TEXT NOT NULL,
    fitted_by TEXT NOT NULL CONSTRAINT ck_fitted_by CHECK (length(trim(fitted_by)) > 0),
    sample_size INTEGER NOT NULL CONSTRAINT ck_sample_size CHECK (sample_size > 0),
    ece_before REAL NOT NULL CONSTRAINT ck_ece_before CHECK (ece_before BETWEEN 0 AND 1),
    ece_after REAL NOT NULL CONSTRAINT ck_ece_after CHECK (ece_after BETWEEN 0 AND 1),
    model TEXT NOT NULL CONSTRAINT ck_model CHECK (json_valid(model))
);
CREATE INDEX confidence_calibrations_fitted_at ON confidence_calibrations (fitted_at);
