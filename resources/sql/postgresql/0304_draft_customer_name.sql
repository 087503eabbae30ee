-- The customer's name as Chatwoot shows it (the message sender), so the drill-down and the PDF name the
-- customer instead of "Conversation 6". NULL on older drafts: they fall back to the conversation number.
ALTER TABLE drafts ADD COLUMN customer_name text;
