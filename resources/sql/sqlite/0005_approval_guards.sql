-- The database as the last line of defence: whatever a client sends, a public reply exists only for a
-- draft a person approved, and the record of that approval is written once. The same rules as the
-- PostgreSQL migration 0005 (there also row-level security); refusals carry 'cx_guard(<field>): <reason>',
-- which storage/SqlError maps to ErrorKind::Conflict naming the field.
-- (No CASE expressions in trigger bodies: the script splitter ends a trigger at its first END.)

-- Drafts: grades, reviewed_by, final_text and approved_at, once there, never change ...
CREATE TRIGGER drafts_grades_written_once BEFORE UPDATE ON drafts
WHEN (OLD.grade_tone IS NOT NULL AND NEW.grade_tone IS NOT OLD.grade_tone)
    OR (OLD.grade_accuracy IS NOT NULL AND NEW.grade_accuracy IS NOT OLD.grade_accuracy)
    OR (OLD.grade_policy IS NOT NULL AND NEW.grade_policy IS NOT OLD.grade_policy)
BEGIN
    SELECT RAISE(ABORT, 'cx_guard(grades): the grades of a reviewed draft cannot be changed');
END;
CREATE TRIGGER drafts_reviewer_written_once BEFORE UPDATE ON drafts
WHEN OLD.reviewed_by IS NOT NULL AND NEW.reviewed_by IS NOT OLD.reviewed_by
BEGIN
    SELECT RAISE(ABORT, 'cx_guard(reviewed_by): the reviewer of a draft cannot be changed');
END;
CREATE TRIGGER drafts_final_text_written_once BEFORE UPDATE ON drafts
WHEN OLD.final_text IS NOT NULL AND NEW.final_text IS NOT OLD.final_text
BEGIN
    SELECT RAISE(ABORT, 'cx_guard(final_text): the approved text of a draft cannot be changed');
END;
CREATE TRIGGER drafts_approved_at_written_once BEFORE UPDATE ON drafts
WHEN OLD.approved_at IS NOT NULL AND NEW.approved_at IS NOT OLD.approved_at
BEGIN
    SELECT RAISE(ABORT, 'cx_guard(approved_at): the approval time of a draft cannot be changed');
END;

-- ... and are written only by the step that decides: grades and reviewer with an approval or a rejection,
-- the final text and approval time with an approval.
CREATE TRIGGER drafts_grades_only_when_deciding BEFORE UPDATE ON drafts
WHEN NOT (NEW.state IN ('approved', 'rejected') AND NEW.state IS NOT OLD.state)
    AND (NEW.grade_tone IS NOT OLD.grade_tone OR NEW.grade_accuracy IS NOT OLD.grade_accuracy
        OR NEW.grade_policy IS NOT OLD.grade_policy)
BEGIN
    SELECT RAISE(ABORT, 'cx_guard(grades): grades are written only when a draft is approved or rejected');
END;
CREATE TRIGGER drafts_reviewer_only_when_deciding BEFORE UPDATE ON drafts
WHEN NOT (NEW.state IN ('approved', 'rejected') AND NEW.state IS NOT OLD.state)
    AND NEW.reviewed_by IS NOT OLD.reviewed_by
BEGIN
    SELECT RAISE(ABORT,
        'cx_guard(reviewed_by): the reviewer is written only when a draft is approved or rejected');
END;
CREATE TRIGGER drafts_final_text_only_when_approving BEFORE UPDATE ON drafts
WHEN NOT (NEW.state = 'approved' AND OLD.state <> 'approved')
    AND (NEW.final_text IS NOT OLD.final_text OR NEW.approved_at IS NOT OLD.approved_at)
BEGIN
    SELECT RAISE(ABORT, 'cx_guard(final_text): the final text is written only when a draft is approved');
END;

-- The state moves only along drafted -> noted -> approved -> sent, drafted|noted -> rejected,
-- drafted|noted|approved -> superseded.
CREATE TRIGGER drafts_state_transitions BEFORE UPDATE OF state ON drafts
WHEN NEW.state IS NOT OLD.state
    AND OLD.state || '>' || NEW.state NOT IN ('drafted>noted', 'noted>approved', 'approved>sent',
        'drafted>rejected', 'noted>rejected', 'drafted>superseded', 'noted>superseded', 'approved>superseded')
BEGIN
    SELECT RAISE(ABORT, 'cx_guard(state): a draft cannot make that state transition');
END;

-- Outbox: a row only for an approved (or sent) draft with three grades, in the name of its reviewer, with
-- exactly its final text, to its conversation.
CREATE TRIGGER reply_outbox_needs_approval BEFORE INSERT ON reply_outbox
BEGIN
    SELECT RAISE(ABORT, 'cx_guard(draft_id): a public reply needs an approved draft with three grades')
    WHERE NOT EXISTS (SELECT 1 FROM drafts d WHERE d.id = NEW.draft_id AND d.state IN ('approved', 'sent')
        AND d.grade_tone IS NOT NULL AND d.grade_accuracy IS NOT NULL AND d.grade_policy IS NOT NULL);
    SELECT RAISE(ABORT, 'cx_guard(approved_by): a public reply is queued only in the name of the draft''s reviewer')
    WHERE NOT EXISTS (SELECT 1 FROM drafts d WHERE d.id = NEW.draft_id AND length(trim(d.reviewed_by)) > 0
        AND d.reviewed_by = NEW.approved_by);
    SELECT RAISE(ABORT, 'cx_guard(content): a public reply carries exactly the approved text')
    WHERE NOT EXISTS (SELECT 1 FROM drafts d WHERE d.id = NEW.draft_id AND d.final_text = NEW.content);
    SELECT RAISE(ABORT, 'cx_guard(conversation_id): a public reply goes to the draft''s conversation')
    WHERE NOT EXISTS (SELECT 1 FROM drafts d WHERE d.id = NEW.draft_id AND d.account_id = NEW.account_id
        AND d.conversation_id = NEW.conversation_id);
END;

-- What was approved never changes; only the delivery columns move. 'sent' is final.
CREATE TRIGGER reply_outbox_content_immutable BEFORE UPDATE ON reply_outbox
WHEN NEW.content IS NOT OLD.content OR NEW.content_hash IS NOT OLD.content_hash
BEGIN
    SELECT RAISE(ABORT, 'cx_guard(content): the content of a queued reply cannot be changed');
END;
CREATE TRIGGER reply_outbox_approval_immutable BEFORE UPDATE ON reply_outbox
WHEN NEW.approved_by IS NOT OLD.approved_by OR NEW.approved_at IS NOT OLD.approved_at
BEGIN
    SELECT RAISE(ABORT, 'cx_guard(approved_by): the approval of a queued reply cannot be changed');
END;
CREATE TRIGGER reply_outbox_target_immutable BEFORE UPDATE ON reply_outbox
WHEN NEW.id IS NOT OLD.id OR NEW.draft_id IS NOT OLD.draft_id OR NEW.send_key IS NOT OLD.send_key
    OR NEW.account_id IS NOT OLD.account_id OR NEW.conversation_id IS NOT OLD.conversation_id
    OR NEW.created_at IS NOT OLD.created_at
BEGIN
    SELECT RAISE(ABORT,
        'cx_guard(draft_id): the draft, key and conversation of a queued reply cannot be changed');
END;
CREATE TRIGGER reply_outbox_sent_is_final BEFORE UPDATE OF state ON reply_outbox
WHEN OLD.state = 'sent' AND NEW.state IS NOT 'sent'
BEGIN
    SELECT RAISE(ABORT, 'cx_guard(state): a sent reply stays sent');
END;
