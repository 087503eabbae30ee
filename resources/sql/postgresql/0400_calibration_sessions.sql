-- Grading calibration (issue #18): a lead picks sent replies (or samples them by inbox and grade) and each
-- participating reviewer grades them blind. Nothing here is ever sent: items point at learning signals of
-- replies that were already sent. Grades are written once; none are added once the session is closed.
-- Refusals carry 'cx_guard(<field>): <reason>' (storage/SqlError: ErrorKind::Conflict naming the field).
--
-- Row-level security (cxpilot_reviewer; cxpilot_service gets nothing):
--   sessions: everyone reads; a reviewer creates sessions in their own name and closes only their own;
--   items: added only by the session's creator while it is open;
--   grades: inserted only as oneself (reviewer = current_user), never "simulated", never changed; while a
--   session is open a reviewer reads only their OWN grades (blind), all of them once it is closed.
--   calibration_progress() tells anyone how many items each participant has graded, without the grades.

CREATE TABLE calibration_sessions (
    id text PRIMARY KEY,
    name text NOT NULL CONSTRAINT ck_name CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    created_by text NOT NULL CONSTRAINT ck_created_by CHECK (length(btrim(created_by)) > 0),
    created_at timestamptz NOT NULL,
    closed_at timestamptz,
    sampling text NOT NULL CONSTRAINT ck_sampling CHECK (sampling IN ('picked', 'stratified')),
    seed bigint
);

CREATE TABLE calibration_items (
    session_id text NOT NULL REFERENCES calibration_sessions (id) ON DELETE CASCADE,
    position integer NOT NULL CONSTRAINT ck_position CHECK (position >= 1),
    grading_id uuid NOT NULL REFERENCES customer_reply_grading (id),
    PRIMARY KEY (session_id, position),
    UNIQUE (session_id, grading_id)
);

CREATE TABLE calibration_grades (
    session_id text NOT NULL,
    position integer NOT NULL,
    reviewer text NOT NULL CONSTRAINT ck_reviewer CHECK (length(btrim(reviewer)) > 0),
    tone integer NOT NULL CONSTRAINT ck_tone CHECK (tone BETWEEN 1 AND 5),
    accuracy integer NOT NULL CONSTRAINT ck_accuracy CHECK (accuracy BETWEEN 1 AND 5),
    policy integer NOT NULL CONSTRAINT ck_policy CHECK (policy BETWEEN 1 AND 5),
    simulated boolean NOT NULL DEFAULT false,
    graded_at timestamptz NOT NULL,
    PRIMARY KEY (session_id, position, reviewer),
    FOREIGN KEY (session_id, position) REFERENCES calibration_items (session_id, position) ON DELETE CASCADE
);

CREATE FUNCTION cxpilot_calibration_open_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT closed_at FROM calibration_sessions WHERE id = NEW.session_id) IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation',
            MESSAGE = 'cx_guard(session): the calibration session is closed';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER calibration_items_only_while_open BEFORE INSERT ON calibration_items
    FOR EACH ROW EXECUTE FUNCTION cxpilot_calibration_open_guard();
CREATE TRIGGER calibration_grades_only_while_open BEFORE INSERT ON calibration_grades
    FOR EACH ROW EXECUTE FUNCTION cxpilot_calibration_open_guard();

CREATE FUNCTION cxpilot_calibration_grades_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation',
        MESSAGE = 'cx_guard(grades): a calibration grade cannot be changed';
END;
$$;
CREATE TRIGGER calibration_grades_written_once BEFORE UPDATE ON calibration_grades
    FOR EACH ROW EXECUTE FUNCTION cxpilot_calibration_grades_once();

CREATE FUNCTION cxpilot_calibration_closed_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.closed_at IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation',
            MESSAGE = 'cx_guard(session): the calibration session is closed';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER calibration_sessions_closed_once BEFORE UPDATE ON calibration_sessions
    FOR EACH ROW EXECUTE FUNCTION cxpilot_calibration_closed_once();

-- Who has graded how much in a session, without revealing any grade: SECURITY DEFINER so it counts rows the
-- caller's policies hide.
CREATE FUNCTION calibration_progress(p_session text)
RETURNS TABLE (reviewer text, graded bigint, simulated boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT g.reviewer, COUNT(*), bool_or(g.simulated) FROM calibration_grades g
    WHERE g.session_id = p_session GROUP BY g.reviewer ORDER BY g.reviewer
$$;
REVOKE ALL ON FUNCTION calibration_progress(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION calibration_progress(text) TO cxpilot_reviewer;

GRANT SELECT, INSERT ON calibration_sessions, calibration_items, calibration_grades TO cxpilot_reviewer;
GRANT UPDATE (closed_at) ON calibration_sessions TO cxpilot_reviewer;

ALTER TABLE calibration_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE calibration_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE calibration_grades ENABLE ROW LEVEL SECURITY;

CREATE POLICY calibration_sessions_read ON calibration_sessions FOR SELECT TO cxpilot_reviewer USING (true);
CREATE POLICY calibration_sessions_insert_as_self ON calibration_sessions FOR INSERT TO cxpilot_reviewer
    WITH CHECK (created_by = current_user AND closed_at IS NULL);
CREATE POLICY calibration_sessions_close_own ON calibration_sessions FOR UPDATE TO cxpilot_reviewer
    USING (created_by = current_user) WITH CHECK (created_by = current_user);

CREATE POLICY calibration_items_read ON calibration_items FOR SELECT TO cxpilot_reviewer USING (true);
CREATE POLICY calibration_items_insert_by_lead ON calibration_items FOR INSERT TO cxpilot_reviewer
    WITH CHECK (EXISTS (SELECT 1 FROM calibration_sessions s
                        WHERE s.id = session_id AND s.created_by = current_user));

CREATE POLICY calibration_grades_insert_as_self ON calibration_grades FOR INSERT TO cxpilot_reviewer
    WITH CHECK (reviewer = current_user AND NOT simulated);
CREATE POLICY calibration_grades_read_blind ON calibration_grades FOR SELECT TO cxpilot_reviewer
    USING (reviewer = current_user
           OR EXISTS (SELECT 1 FROM calibration_sessions s WHERE s.id = session_id AND s.closed_at IS NOT NULL));
