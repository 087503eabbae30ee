-- The database as the last line of defence: whatever a client sends, a public reply exists only for a
-- draft a person approved, and the record of that approval is written once.
--
-- Triggers (they hold for every role, the schema owner included):
--   drafts_review_guard        grades, reviewed_by, final_text and approved_at are written once, by the
--                              approve step (grades and reviewer also by the reject step), and never changed;
--                              the state moves only along drafted -> noted -> approved -> sent,
--                              drafted|noted -> rejected, drafted|noted|approved -> superseded.
--   reply_outbox_needs_approval  an outbox row only for an approved (or sent) draft with three grades, by its
--                              reviewer, with the draft's final text (and its hash), in the draft's conversation.
--   reply_outbox_guard         what was approved (draft, content, hash, approver, key, target) never changes;
--                              'sent' is final.
-- Row-level security and column privileges (PostgreSQL only):
--   a reviewer updates a draft only while nobody or they themself reviewed it, and leaves it in their name;
--   a reviewer updates only their own outbox rows; the service updates any outbox row (it resumes sends
--   whose reviewer's desktop is gone) but never inserts one; only the delivery columns are updatable.
--
-- Refusals carry 'cx_guard(<field>): <reason>' (storage/SqlError maps them to ErrorKind::Conflict, field).

CREATE FUNCTION cxpilot_drafts_review_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    approving boolean := NEW.state = 'approved' AND OLD.state <> 'approved';
    deciding boolean := NEW.state IN ('approved', 'rejected') AND OLD.state <> NEW.state;
BEGIN
    -- Written once: a value, once there, never changes.
    IF (OLD.grade_tone IS NOT NULL AND NEW.grade_tone IS DISTINCT FROM OLD.grade_tone)
        OR (OLD.grade_accuracy IS NOT NULL AND NEW.grade_accuracy IS DISTINCT FROM OLD.grade_accuracy)
        OR (OLD.grade_policy IS NOT NULL AND NEW.grade_policy IS DISTINCT FROM OLD.grade_policy) THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation',
            MESSAGE = 'cx_guard(grades): the grades of a reviewed draft cannot be changed';
    END IF;
    IF OLD.reviewed_by IS NOT NULL AND NEW.reviewed_by IS DISTINCT FROM OLD.reviewed_by THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation',
            MESSAGE = 'cx_guard(reviewed_by): the reviewer of a draft cannot be changed';
    END IF;
    IF OLD.final_text IS NOT NULL AND NEW.final_text IS DISTINCT FROM OLD.final_text THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation',
            MESSAGE = 'cx_guard(final_text): the approved text of a draft cannot be changed';
    END IF;
    IF OLD.approved_at IS NOT NULL AND NEW.approved_at IS DISTINCT FROM OLD.approved_at THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation',
            MESSAGE = 'cx_guard(approved_at): the approval time of a draft cannot be changed';
    END IF;
    -- ... and written only by the step that decides: grades and reviewer with an approval or a rejection,
    -- the final text and approval time with an approval (nobody pre-fills them, the service never can).
    IF NOT deciding AND (NEW.grade_tone IS DISTINCT FROM OLD.grade_tone
        OR NEW.grade_accuracy IS DISTINCT FROM OLD.grade_accuracy
        OR NEW.grade_policy IS DISTINCT FROM OLD.grade_policy) THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation',
            MESSAGE = 'cx_guard(grades): grades are written only when a draft is approved or rejected';
    END IF;
    IF NOT deciding AND NEW.reviewed_by IS DISTINCT FROM OLD.reviewed_by THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation',
            MESSAGE = 'cx_guard(reviewed_by): the reviewer is written only when a draft is approved or rejected';
    END IF;
    IF NOT approving AND (NEW.final_text IS DISTINCT FROM OLD.final_text
        OR NEW.approved_at IS DISTINCT FROM OLD.approved_at) THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation',
            MESSAGE = 'cx_guard(final_text): the final text is written only when a draft is approved';
    END IF;
    IF NEW.state <> OLD.state AND (OLD.state, NEW.state) NOT IN (('drafted', 'noted'), ('noted', 'approved'),
        ('approved', 'sent'), ('drafted', 'rejected'), ('noted', 'rejected'), ('drafted', 'superseded'),
        ('noted', 'superseded'), ('approved', 'superseded')) THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation',
            MESSAGE = format('cx_guard(state): a draft cannot go from %s to %s', OLD.state, NEW.state);
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER drafts_review_guard BEFORE UPDATE ON drafts
    FOR EACH ROW EXECUTE FUNCTION cxpilot_drafts_review_guard();

-- Reads the draft as the inserting role (reviewers read every draft), so no SECURITY DEFINER is needed.
CREATE FUNCTION cxpilot_reply_outbox_needs_approval() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    d drafts%ROWTYPE;
BEGIN
    SELECT * INTO d FROM drafts WHERE id = NEW.draft_id;
    IF NOT FOUND OR d.state NOT IN ('approved', 'sent') OR d.grade_tone IS NULL OR d.grade_accuracy IS NULL
        OR d.grade_policy IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation',
            MESSAGE = format('cx_guard(draft_id): a public reply needs an approved draft with three grades (draft %s is %s)',
                NEW.draft_id, coalesce(d.state, 'missing'));
    END IF;
    IF length(trim(coalesce(d.reviewed_by, ''))) = 0 OR d.reviewed_by IS DISTINCT FROM NEW.approved_by THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation',
            MESSAGE = 'cx_guard(approved_by): a public reply is queued only in the name of the draft''s reviewer';
    END IF;
    IF NEW.content IS DISTINCT FROM d.final_text THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation',
            MESSAGE = 'cx_guard(content): a public reply carries exactly the approved text';
    END IF;
    IF NEW.content_hash IS DISTINCT FROM encode(sha256(convert_to(NEW.content, 'UTF8')), 'hex') THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation',
            MESSAGE = 'cx_guard(content_hash): the content hash is not the SHA-256 of the content';
    END IF;
    IF NEW.account_id IS DISTINCT FROM d.account_id OR NEW.conversation_id IS DISTINCT FROM d.conversation_id THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation',
            MESSAGE = 'cx_guard(conversation_id): a public reply goes to the draft''s conversation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER reply_outbox_needs_approval BEFORE INSERT ON reply_outbox
    FOR EACH ROW EXECUTE FUNCTION cxpilot_reply_outbox_needs_approval();

CREATE FUNCTION cxpilot_reply_outbox_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.content IS DISTINCT FROM OLD.content OR NEW.content_hash IS DISTINCT FROM OLD.content_hash THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation',
            MESSAGE = 'cx_guard(content): the content of a queued reply cannot be changed';
    END IF;
    IF NEW.approved_by IS DISTINCT FROM OLD.approved_by OR NEW.approved_at IS DISTINCT FROM OLD.approved_at THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation',
            MESSAGE = 'cx_guard(approved_by): the approval of a queued reply cannot be changed';
    END IF;
    IF NEW.id IS DISTINCT FROM OLD.id OR NEW.draft_id IS DISTINCT FROM OLD.draft_id
        OR NEW.send_key IS DISTINCT FROM OLD.send_key OR NEW.account_id IS DISTINCT FROM OLD.account_id
        OR NEW.conversation_id IS DISTINCT FROM OLD.conversation_id
        OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation',
            MESSAGE = 'cx_guard(draft_id): the draft, key and conversation of a queued reply cannot be changed';
    END IF;
    IF OLD.state = 'sent' AND NEW.state <> 'sent' THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation',
            MESSAGE = format('cx_guard(state): a sent reply stays sent (not %s)', NEW.state);
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER reply_outbox_guard BEFORE UPDATE ON reply_outbox
    FOR EACH ROW EXECUTE FUNCTION cxpilot_reply_outbox_guard();

-- Drafts: a reviewer touches a draft only while nobody else reviewed it, and leaves a decided draft in their
-- own name (approved/sent already need a reviewer by ck_approval; this adds rejected).
ALTER POLICY drafts_reviewer_update ON drafts
    USING (reviewed_by IS NULL OR reviewed_by = current_user)
    WITH CHECK (reviewed_by = current_user OR (reviewed_by IS NULL AND state IN ('drafted', 'noted', 'superseded')));
-- The service drafts and supersedes; it records a send it resumed (approved -> sent, the trigger allows no
-- other way into 'sent'), but it never approves, rejects or grades.
ALTER POLICY drafts_service_update ON drafts
    WITH CHECK (state IN ('drafted', 'noted', 'superseded', 'sent'));
ALTER POLICY drafts_service_insert ON drafts
    WITH CHECK (state IN ('drafted', 'noted') AND reviewed_by IS NULL AND grade_tone IS NULL
        AND grade_accuracy IS NULL AND grade_policy IS NULL AND final_text IS NULL AND approved_at IS NULL);

-- Outbox: the reviewer updates only the rows they approved; the service updates any row's delivery state.
ALTER POLICY outbox_update ON reply_outbox
    USING (approved_by = current_user)
    WITH CHECK (approved_by = current_user);
ALTER POLICY outbox_update ON reply_outbox RENAME TO outbox_reviewer_update;
CREATE POLICY outbox_service_update ON reply_outbox FOR UPDATE TO cxpilot_service USING (true) WITH CHECK (true);

-- Only the delivery columns are updatable (revoking the table privilege also revokes column privileges, so
-- the grant comes after). Migration 0006 grants its lease columns the same way.
REVOKE UPDATE ON reply_outbox FROM cxpilot_reviewer, cxpilot_service;
GRANT UPDATE (state, attempts, last_known_message_id, chatwoot_message_id, last_error, updated_at, sent_at)
    ON reply_outbox TO cxpilot_reviewer, cxpilot_service;
