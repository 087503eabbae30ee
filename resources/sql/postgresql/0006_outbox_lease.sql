-- Send lease and re-check pause of the outbox (review/Outbox).
--   lease_owner / lease_until: the process that claimed a 'sending' row, and until when only it may act on
--     the row (longer than the POST's whole retry window).
--   recheck_after: an 'unknown' outcome is looked up in Chatwoot, and sent again only if absent, after this.
ALTER TABLE reply_outbox ADD COLUMN lease_owner text;
ALTER TABLE reply_outbox ADD COLUMN lease_until timestamptz;
ALTER TABLE reply_outbox ADD COLUMN recheck_after timestamptz;
GRANT UPDATE (lease_owner, lease_until, recheck_after) ON reply_outbox TO cxpilot_reviewer, cxpilot_service;
