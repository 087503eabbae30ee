-- The customer's message a draft answers (the learning signal's user turn).
ALTER TABLE drafts ADD COLUMN customer_message text;
