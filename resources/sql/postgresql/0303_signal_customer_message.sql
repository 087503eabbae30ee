-- Learning signals saved before the draft's customer message was read back (DraftStore did not load the
-- column) have customer_message NULL although their draft has it: copy it over, so the fine-tuning export
-- can use them.
UPDATE customer_reply_grading SET customer_message = (
    SELECT d.customer_message FROM drafts d WHERE d.id = customer_reply_grading.draft_id)
WHERE customer_message IS NULL AND draft_id IS NOT NULL;
