-- Metrics and exports (src/core/metrics, src/core/reports).

-- The customer message a learning signal answers: the user turn of the fine-tuning export. Written with
-- the learning signal; NULL on older rows, which the JSONL export then leaves out (and counts).
ALTER TABLE customer_reply_grading ADD COLUMN customer_message text;

-- Covering index for the quality tracker's range scans: every column it aggregates, so the dashboard can
-- use index-only scans instead of reading the wide rows (drafts and replies).
CREATE INDEX customer_reply_grading_metrics ON customer_reply_grading (graded_at)
    INCLUDE (inbox_id, graded_by, tone, accuracy, policy, approved, approved_without_major_edits,
             edit_distance, edit_ratio, customer_message_at, sent_at, draft_ready_at, approved_at,
             rejection_reason);

-- Unanswered customer messages by arrival (SLA breaches of messages nobody answered yet).
CREATE INDEX drafts_open_by_customer_message_at ON drafts (customer_message_at, inbox_id)
    WHERE state IN ('drafted', 'noted');
