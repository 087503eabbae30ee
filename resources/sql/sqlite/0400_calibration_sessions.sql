-- Grading calibration (issue #18): a lead picks sent replies (or samples them by inbox and grade) and each
-- participating reviewer grades them blind. Nothing here is ever sent: items point at learning signals of
-- replies that were already sent. Grades are written once; none are added once the session is closed.
-- Refusals carry 'cx_guard(<field>): <reason>' (storage/SqlError: ErrorKind::Conflict naming the field).

CREATE TABLE calibration_sessions (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL CONSTRAINT ck_name CHECK (length(trim(name)) BETWEEN 1 AND 200),
    created_by TEXT NOT NULL CONSTRAINT ck_created_by CHECK (length(trim(created_by)) > 0),
    created_at TEXT NOT NULL,
    closed_at TEXT,
    sampling TEXT NOT NULL CONSTRAINT ck_sampling CHECK (sampling IN ('picked', 'stratified')),
    seed INTEGER
);

CREATE TABLE calibration_items (
    session_id TEXT NOT NULL REFERENCES calibration_sessions (id) ON DELETE CASCADE,
    position INTEGER NOT NULL CONSTRAINT ck_position CHECK (position >= 1),
    grading_id TEXT NOT NULL REFERENCES customer_reply_grading (id),
    PRIMARY KEY (session_id, position),
    UNIQUE (session_id, grading_id)
);

CREATE TABLE calibration_grades (
    session_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    reviewer TEXT NOT NULL CONSTRAINT ck_reviewer CHECK (length(trim(reviewer)) > 0),
    tone INTEGER NOT NULL CONSTRAINT ck_tone CHECK (typeof(tone) = 'integer' AND tone BETWEEN 1 AND 5),
    accuracy INTEGER NOT NULL
        CONSTRAINT ck_accuracy CHECK (typeof(accuracy) = 'integer' AND accuracy BETWEEN 1 AND 5),
    policy INTEGER NOT NULL CONSTRAINT ck_policy CHECK (typeof(policy) = 'integer' AND policy BETWEEN 1 AND 5),
    simulated INTEGER NOT NULL DEFAULT 0 CONSTRAINT ck_simulated CHECK (simulated IN (0, 1)),
    graded_at TEXT NOT NULL,
    PRIMARY KEY (session_id, position, reviewer),
    FOREIGN KEY (session_id, position) REFERENCES calibration_items (session_id, position) ON DELETE CASCADE
);

CREATE TRIGGER calibration_items_only_while_open BEFORE INSERT ON calibration_items
WHEN (SELECT closed_at FROM calibration_sessions WHERE id = NEW.session_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'cx_guard(session): the calibration session is closed');
END;
CREATE TRIGGER calibration_grades_only_while_open BEFORE INSERT ON calibration_grades
WHEN (SELECT closed_at FROM calibration_sessions WHERE id = NEW.session_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'cx_guard(session): the calibration session is closed');
END;
CREATE TRIGGER calibration_grades_written_once BEFORE UPDATE ON calibration_grades
BEGIN
    SELECT RAISE(ABORT, 'cx_guard(grades): a calibration grade cannot be changed');
END;
CREATE TRIGGER calibration_sessions_closed_once BEFORE UPDATE ON calibration_sessions
WHEN OLD.closed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'cx_guard(session): the calibration session is closed');
END;
