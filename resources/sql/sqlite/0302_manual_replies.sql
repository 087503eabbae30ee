-- A rejected draft counts as a manual reply only when a person's public reply to its conversation was seen
-- afterwards (the poller or a webhook: DraftStore::markAnsweredByPerson); until then it is "unanswered".
ALTER TABLE drafts ADD COLUMN manual_reply_at TEXT;
