-- Performance of the quality tracker (src/core/metrics): the two durations as columns, a daily roll-up
-- maintained by triggers, and indexes so that exact medians / p90 are index range scans, not sorts.
-- Definitions stay those of src/core/metrics/METRICS.md; the tracker reads raw rows for partial days.

-- Whole milliseconds (NULL without both ends or when the end is before the start), exactly
-- QualitySql::firstResponseMs() / approvalMs().
ALTER TABLE customer_reply_grading
    ADD COLUMN first_response_ms bigint GENERATED ALWAYS AS (CASE WHEN customer_message_at IS NOT NULL AND sent_at IS NOT NULL AND sent_at >= customer_message_at THEN CAST(ROUND(EXTRACT(EPOCH FROM (sent_at - customer_message_at)) * 1000) AS bigint) END) STORED,
    ADD COLUMN approval_ms bigint GENERATED ALWAYS AS (CASE WHEN draft_ready_at IS NOT NULL AND approved_at IS NOT NULL AND approved_at >= draft_ready_at THEN CAST(ROUND(EXTRACT(EPOCH FROM (approved_at - draft_ready_at)) * 1000) AS bigint) END) STORED;

CREATE INDEX customer_reply_grading_first_response_ms ON customer_reply_grading (first_response_ms, graded_at)
    WHERE first_response_ms IS NOT NULL;
CREATE INDEX customer_reply_grading_approval_ms ON customer_reply_grading (approval_ms, graded_at)
    WHERE approval_ms IS NOT NULL;
CREATE INDEX customer_reply_grading_rejection_reason ON customer_reply_grading (graded_at, rejection_reason)
    WHERE rejection_reason IS NOT NULL AND TRIM(rejection_reason) <> '';

-- Additive counters per UTC day, inbox (NULL inbox = -1) and reviewer.
CREATE TABLE metrics_daily (
    day date NOT NULL,
    inbox_key bigint NOT NULL,
    graded_by text NOT NULL,
    reviewed bigint NOT NULL DEFAULT 0,
    approved bigint NOT NULL DEFAULT 0,
    awme bigint NOT NULL DEFAULT 0,
    tone_sum bigint NOT NULL DEFAULT 0,
    accuracy_sum bigint NOT NULL DEFAULT 0,
    policy_sum bigint NOT NULL DEFAULT 0,
    tone_1 bigint NOT NULL DEFAULT 0,
    tone_2 bigint NOT NULL DEFAULT 0,
    tone_3 bigint NOT NULL DEFAULT 0,
    tone_4 bigint NOT NULL DEFAULT 0,
    tone_5 bigint NOT NULL DEFAULT 0,
    accuracy_1 bigint NOT NULL DEFAULT 0,
    accuracy_2 bigint NOT NULL DEFAULT 0,
    accuracy_3 bigint NOT NULL DEFAULT 0,
    accuracy_4 bigint NOT NULL DEFAULT 0,
    accuracy_5 bigint NOT NULL DEFAULT 0,
    policy_1 bigint NOT NULL DEFAULT 0,
    policy_2 bigint NOT NULL DEFAULT 0,
    policy_3 bigint NOT NULL DEFAULT 0,
    policy_4 bigint NOT NULL DEFAULT 0,
    policy_5 bigint NOT NULL DEFAULT 0,
    ed_count bigint NOT NULL DEFAULT 0,
    ed_sum bigint NOT NULL DEFAULT 0,
    er_count bigint NOT NULL DEFAULT 0,
    er_sum double precision NOT NULL DEFAULT 0,
    frt_count bigint NOT NULL DEFAULT 0,
    frt_sum bigint NOT NULL DEFAULT 0,
    appr_count bigint NOT NULL DEFAULT 0,
    appr_sum bigint NOT NULL DEFAULT 0,
    erb_0 bigint NOT NULL DEFAULT 0,
    erb_1 bigint NOT NULL DEFAULT 0,
    erb_2 bigint NOT NULL DEFAULT 0,
    erb_3 bigint NOT NULL DEFAULT 0,
    erb_4 bigint NOT NULL DEFAULT 0,
    erb_5 bigint NOT NULL DEFAULT 0,
    erb_6 bigint NOT NULL DEFAULT 0,
    erb_7 bigint NOT NULL DEFAULT 0,
    erb_8 bigint NOT NULL DEFAULT 0,
    erb_9 bigint NOT NULL DEFAULT 0,
    erb_10 bigint NOT NULL DEFAULT 0,
    apb_0 bigint NOT NULL DEFAULT 0,
    apb_1 bigint NOT NULL DEFAULT 0,
    apb_2 bigint NOT NULL DEFAULT 0,
    apb_3 bigint NOT NULL DEFAULT 0,
    apb_4 bigint NOT NULL DEFAULT 0,
    apb_5 bigint NOT NULL DEFAULT 0,
    apb_6 bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (day, inbox_key, graded_by)
);

-- Duration histogram per UTC day (kind 0 = first response, 1 = approval): bucket [lo, hi) in ms,
-- 1 s wide below 1 min, 10 s below 10 min, 1 min below 1 h, 10 min below 1 day, then 1 h.
CREATE TABLE metrics_duration_daily (
    day date NOT NULL,
    kind integer NOT NULL,
    lo bigint NOT NULL,
    hi bigint NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (kind, day, lo)
);

CREATE FUNCTION metrics_daily_apply(r customer_reply_grading, s integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO metrics_daily (day, inbox_key, graded_by, reviewed, approved, awme, tone_sum, accuracy_sum, policy_sum, tone_1, tone_2, tone_3, tone_4, tone_5, accuracy_1, accuracy_2, accuracy_3, accuracy_4, accuracy_5, policy_1, policy_2, policy_3, policy_4, policy_5, ed_count, ed_sum, er_count, er_sum, frt_count, frt_sum, appr_count, appr_sum, erb_0, erb_1, erb_2, erb_3, erb_4, erb_5, erb_6, erb_7, erb_8, erb_9, erb_10, apb_0, apb_1, apb_2, apb_3, apb_4, apb_5, apb_6)
    VALUES ((r.graded_at AT TIME ZONE 'UTC')::date, coalesce(r.inbox_id, -1), r.graded_by,
        s * 1,
        s * (r.approved)::int,
        s * (r.approved_without_major_edits)::int,
        s * r.tone,
        s * r.accuracy,
        s * r.policy,
        s * (r.tone = 1)::int,
        s * (r.tone = 2)::int,
        s * (r.tone = 3)::int,
        s * (r.tone = 4)::int,
        s * (r.tone = 5)::int,
        s * (r.accuracy = 1)::int,
        s * (r.accuracy = 2)::int,
        s * (r.accuracy = 3)::int,
        s * (r.accuracy = 4)::int,
        s * (r.accuracy = 5)::int,
        s * (r.policy = 1)::int,
        s * (r.policy = 2)::int,
        s * (r.policy = 3)::int,
        s * (r.policy = 4)::int,
        s * (r.policy = 5)::int,
        s * (r.edit_distance IS NOT NULL)::int,
        s * coalesce(r.edit_distance, 0),
        s * (r.edit_ratio IS NOT NULL)::int,
        s * coalesce(r.edit_ratio, 0.0),
        s * (r.first_response_ms IS NOT NULL)::int,
        s * coalesce(r.first_response_ms, 0),
        s * (r.approval_ms IS NOT NULL)::int,
        s * coalesce(r.approval_ms, 0),
        s * coalesce((r.edit_ratio <= 0)::int, 0),
        s * coalesce((r.edit_ratio > 0 AND r.edit_ratio <= 0.1)::int, 0),
        s * coalesce((r.edit_ratio > 0.1 AND r.edit_ratio <= 0.2)::int, 0),
        s * coalesce((r.edit_ratio > 0.2 AND r.edit_ratio <= 0.3)::int, 0),
        s * coalesce((r.edit_ratio > 0.3 AND r.edit_ratio <= 0.4)::int, 0),
        s * coalesce((r.edit_ratio > 0.4 AND r.edit_ratio <= 0.5)::int, 0),
        s * coalesce((r.edit_ratio > 0.5 AND r.edit_ratio <= 0.6)::int, 0),
        s * coalesce((r.edit_ratio > 0.6 AND r.edit_ratio <= 0.7)::int, 0),
        s * coalesce((r.edit_ratio > 0.7 AND r.edit_ratio <= 0.8)::int, 0),
        s * coalesce((r.edit_ratio > 0.8 AND r.edit_ratio <= 0.9)::int, 0),
        s * coalesce((r.edit_ratio > 0.9)::int, 0),
        s * coalesce((r.approval_ms <= 60000)::int, 0),
        s * coalesce((r.approval_ms > 60000 AND r.approval_ms <= 300000)::int, 0),
        s * coalesce((r.approval_ms > 300000 AND r.approval_ms <= 900000)::int, 0),
        s * coalesce((r.approval_ms > 900000 AND r.approval_ms <= 1800000)::int, 0),
        s * coalesce((r.approval_ms > 1800000 AND r.approval_ms <= 3600000)::int, 0),
        s * coalesce((r.approval_ms > 3600000 AND r.approval_ms <= 14400000)::int, 0),
        s * coalesce((r.approval_ms > 14400000)::int, 0))
    ON CONFLICT (day, inbox_key, graded_by) DO UPDATE SET
        reviewed = metrics_daily.reviewed + excluded.reviewed,
        approved = metrics_daily.approved + excluded.approved,
        awme = metrics_daily.awme + excluded.awme,
        tone_sum = metrics_daily.tone_sum + excluded.tone_sum,
        accuracy_sum = metrics_daily.accuracy_sum + excluded.accuracy_sum,
        policy_sum = metrics_daily.policy_sum + excluded.policy_sum,
        tone_1 = metrics_daily.tone_1 + excluded.tone_1,
        tone_2 = metrics_daily.tone_2 + excluded.tone_2,
        tone_3 = metrics_daily.tone_3 + excluded.tone_3,
        tone_4 = metrics_daily.tone_4 + excluded.tone_4,
        tone_5 = metrics_daily.tone_5 + excluded.tone_5,
        accuracy_1 = metrics_daily.accuracy_1 + excluded.accuracy_1,
        accuracy_2 = metrics_daily.accuracy_2 + excluded.accuracy_2,
        accuracy_3 = metrics_daily.accuracy_3 + excluded.accuracy_3,
        accuracy_4 = metrics_daily.accuracy_4 + excluded.accuracy_4,
        accuracy_5 = metrics_daily.accuracy_5 + excluded.accuracy_5,
        policy_1 = metrics_daily.policy_1 + excluded.policy_1,
        policy_2 = metrics_daily.policy_2 + excluded.policy_2,
        policy_3 = metrics_daily.policy_3 + excluded.policy_3,
        policy_4 = metrics_daily.policy_4 + excluded.policy_4,
        policy_5 = metrics_daily.policy_5 + excluded.policy_5,
        ed_count = metrics_daily.ed_count + excluded.ed_count,
        ed_sum = metrics_daily.ed_sum + excluded.ed_sum,
        er_count = metrics_daily.er_count + excluded.er_count,
        er_sum = metrics_daily.er_sum + excluded.er_sum,
        frt_count = metrics_daily.frt_count + excluded.frt_count,
        frt_sum = metrics_daily.frt_sum + excluded.frt_sum,
        appr_count = metrics_daily.appr_count + excluded.appr_count,
        appr_sum = metrics_daily.appr_sum + excluded.appr_sum,
        erb_0 = metrics_daily.erb_0 + excluded.erb_0,
        erb_1 = metrics_daily.erb_1 + excluded.erb_1,
        erb_2 = metrics_daily.erb_2 + excluded.erb_2,
        erb_3 = metrics_daily.erb_3 + excluded.erb_3,
        erb_4 = metrics_daily.erb_4 + excluded.erb_4,
        erb_5 = metrics_daily.erb_5 + excluded.erb_5,
        erb_6 = metrics_daily.erb_6 + excluded.erb_6,
        erb_7 = metrics_daily.erb_7 + excluded.erb_7,
        erb_8 = metrics_daily.erb_8 + excluded.erb_8,
        erb_9 = metrics_daily.erb_9 + excluded.erb_9,
        erb_10 = metrics_daily.erb_10 + excluded.erb_10,
        apb_0 = metrics_daily.apb_0 + excluded.apb_0,
        apb_1 = metrics_daily.apb_1 + excluded.apb_1,
        apb_2 = metrics_daily.apb_2 + excluded.apb_2,
        apb_3 = metrics_daily.apb_3 + excluded.apb_3,
        apb_4 = metrics_daily.apb_4 + excluded.apb_4,
        apb_5 = metrics_daily.apb_5 + excluded.apb_5,
        apb_6 = metrics_daily.apb_6 + excluded.apb_6;
    IF r.first_response_ms IS NOT NULL THEN
        INSERT INTO metrics_duration_daily (day, kind, lo, hi, n)
        VALUES ((r.graded_at AT TIME ZONE 'UTC')::date, 0, (CASE WHEN r.first_response_ms < 60000 THEN r.first_response_ms - r.first_response_ms % 1000 WHEN r.first_response_ms < 600000 THEN r.first_response_ms - r.first_response_ms % 10000 WHEN r.first_response_ms < 3600000 THEN r.first_response_ms - r.first_response_ms % 60000 WHEN r.first_response_ms < 86400000 THEN r.first_response_ms - r.first_response_ms % 600000 ELSE r.first_response_ms - r.first_response_ms % 3600000 END),
            (CASE WHEN r.first_response_ms < 60000 THEN r.first_response_ms - r.first_response_ms % 1000 WHEN r.first_response_ms < 600000 THEN r.first_response_ms - r.first_response_ms % 10000 WHEN r.first_response_ms < 3600000 THEN r.first_response_ms - r.first_response_ms % 60000 WHEN r.first_response_ms < 86400000 THEN r.first_response_ms - r.first_response_ms % 600000 ELSE r.first_response_ms - r.first_response_ms % 3600000 END) + (CASE WHEN r.first_response_ms < 60000 THEN 1000 WHEN r.first_response_ms < 600000 THEN 10000 WHEN r.first_response_ms < 3600000 THEN 60000 WHEN r.first_response_ms < 86400000 THEN 600000 ELSE 3600000 END), s)
        ON CONFLICT (kind, day, lo) DO UPDATE SET n = metrics_duration_daily.n + excluded.n;
    END IF;
    IF r.approval_ms IS NOT NULL THEN
        INSERT INTO metrics_duration_daily (day, kind, lo, hi, n)
        VALUES ((r.graded_at AT TIME ZONE 'UTC')::date, 1, (CASE WHEN r.approval_ms < 60000 THEN r.approval_ms - r.approval_ms % 1000 WHEN r.approval_ms < 600000 THEN r.approval_ms - r.approval_ms % 10000 WHEN r.approval_ms < 3600000 THEN r.approval_ms - r.approval_ms % 60000 WHEN r.approval_ms < 86400000 THEN r.approval_ms - r.approval_ms % 600000 ELSE r.approval_ms - r.approval_ms % 3600000 END),
            (CASE WHEN r.approval_ms < 60000 THEN r.approval_ms - r.approval_ms % 1000 WHEN r.approval_ms < 600000 THEN r.approval_ms - r.approval_ms % 10000 WHEN r.approval_ms < 3600000 THEN r.approval_ms - r.approval_ms % 60000 WHEN r.approval_ms < 86400000 THEN r.approval_ms - r.approval_ms % 600000 ELSE r.approval_ms - r.approval_ms % 3600000 END) + (CASE WHEN r.approval_ms < 60000 THEN 1000 WHEN r.approval_ms < 600000 THEN 10000 WHEN r.approval_ms < 3600000 THEN 60000 WHEN r.approval_ms < 86400000 THEN 600000 ELSE 3600000 END), s)
        ON CONFLICT (kind, day, lo) DO UPDATE SET n = metrics_duration_daily.n + excluded.n;
    END IF;
END;
$$;

CREATE FUNCTION metrics_daily_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM metrics_daily_apply(OLD, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM metrics_daily_apply(NEW, 1);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER metrics_daily_maintain AFTER INSERT OR UPDATE OR DELETE ON customer_reply_grading
    FOR EACH ROW EXECUTE FUNCTION metrics_daily_trigger();

-- Existing rows.
INSERT INTO metrics_daily (day, inbox_key, graded_by, reviewed, approved, awme, tone_sum, accuracy_sum, policy_sum, tone_1, tone_2, tone_3, tone_4, tone_5, accuracy_1, accuracy_2, accuracy_3, accuracy_4, accuracy_5, policy_1, policy_2, policy_3, policy_4, policy_5, ed_count, ed_sum, er_count, er_sum, frt_count, frt_sum, appr_count, appr_sum, erb_0, erb_1, erb_2, erb_3, erb_4, erb_5, erb_6, erb_7, erb_8, erb_9, erb_10, apb_0, apb_1, apb_2, apb_3, apb_4, apb_5, apb_6)
SELECT (r.graded_at AT TIME ZONE 'UTC')::date, coalesce(r.inbox_id, -1), r.graded_by,
    SUM(1),
    SUM((r.approved)::int),
    SUM((r.approved_without_major_edits)::int),
    SUM(r.tone),
    SUM(r.accuracy),
    SUM(r.policy),
    SUM((r.tone = 1)::int),
    SUM((r.tone = 2)::int),
    SUM((r.tone = 3)::int),
    SUM((r.tone = 4)::int),
    SUM((r.tone = 5)::int),
    SUM((r.accuracy = 1)::int),
    SUM((r.accuracy = 2)::int),
    SUM((r.accuracy = 3)::int),
    SUM((r.accuracy = 4)::int),
    SUM((r.accuracy = 5)::int),
    SUM((r.policy = 1)::int),
    SUM((r.policy = 2)::int),
    SUM((r.policy = 3)::int),
    SUM((r.policy = 4)::int),
    SUM((r.policy = 5)::int),
    SUM((r.edit_distance IS NOT NULL)::int),
    SUM(coalesce(r.edit_distance, 0)),
    SUM((r.edit_ratio IS NOT NULL)::int),
    SUM(coalesce(r.edit_ratio, 0.0)),
    SUM((r.first_response_ms IS NOT NULL)::int),
    SUM(coalesce(r.first_response_ms, 0)),
    SUM((r.approval_ms IS NOT NULL)::int),
    SUM(coalesce(r.approval_ms, 0)),
    SUM(coalesce((r.edit_ratio <= 0)::int, 0)),
    SUM(coalesce((r.edit_ratio > 0 AND r.edit_ratio <= 0.1)::int, 0)),
    SUM(coalesce((r.edit_ratio > 0.1 AND r.edit_ratio <= 0.2)::int, 0)),
    SUM(coalesce((r.edit_ratio > 0.2 AND r.edit_ratio <= 0.3)::int, 0)),
    SUM(coalesce((r.edit_ratio > 0.3 AND r.edit_ratio <= 0.4)::int, 0)),
    SUM(coalesce((r.edit_ratio > 0.4 AND r.edit_ratio <= 0.5)::int, 0)),
    SUM(coalesce((r.edit_ratio > 0.5 AND r.edit_ratio <= 0.6)::int, 0)),
    SUM(coalesce((r.edit_ratio > 0.6 AND r.edit_ratio <= 0.7)::int, 0)),
    SUM(coalesce((r.edit_ratio > 0.7 AND r.edit_ratio <= 0.8)::int, 0)),
    SUM(coalesce((r.edit_ratio > 0.8 AND r.edit_ratio <= 0.9)::int, 0)),
    SUM(coalesce((r.edit_ratio > 0.9)::int, 0)),
    SUM(coalesce((r.approval_ms <= 60000)::int, 0)),
    SUM(coalesce((r.approval_ms > 60000 AND r.approval_ms <= 300000)::int, 0)),
    SUM(coalesce((r.approval_ms > 300000 AND r.approval_ms <= 900000)::int, 0)),
    SUM(coalesce((r.approval_ms > 900000 AND r.approval_ms <= 1800000)::int, 0)),
    SUM(coalesce((r.approval_ms > 1800000 AND r.approval_ms <= 3600000)::int, 0)),
    SUM(coalesce((r.approval_ms > 3600000 AND r.approval_ms <= 14400000)::int, 0)),
    SUM(coalesce((r.approval_ms > 14400000)::int, 0))
FROM customer_reply_grading r GROUP BY 1, 2, 3;
INSERT INTO metrics_duration_daily (day, kind, lo, hi, n)
SELECT (r.graded_at AT TIME ZONE 'UTC')::date, 0, (CASE WHEN r.first_response_ms < 60000 THEN r.first_response_ms - r.first_response_ms % 1000 WHEN r.first_response_ms < 600000 THEN r.first_response_ms - r.first_response_ms % 10000 WHEN r.first_response_ms < 3600000 THEN r.first_response_ms - r.first_response_ms % 60000 WHEN r.first_response_ms < 86400000 THEN r.first_response_ms - r.first_response_ms % 600000 ELSE r.first_response_ms - r.first_response_ms % 3600000 END), (CASE WHEN r.first_response_ms < 60000 THEN r.first_response_ms - r.first_response_ms % 1000 WHEN r.first_response_ms < 600000 THEN r.first_response_ms - r.first_response_ms % 10000 WHEN r.first_response_ms < 3600000 THEN r.first_response_ms - r.first_response_ms % 60000 WHEN r.first_response_ms < 86400000 THEN r.first_response_ms - r.first_response_ms % 600000 ELSE r.first_response_ms - r.first_response_ms % 3600000 END) + (CASE WHEN r.first_response_ms < 60000 THEN 1000 WHEN r.first_response_ms < 600000 THEN 10000 WHEN r.first_response_ms < 3600000 THEN 60000 WHEN r.first_response_ms < 86400000 THEN 600000 ELSE 3600000 END), COUNT(*)
FROM customer_reply_grading r WHERE r.first_response_ms IS NOT NULL GROUP BY 1, 2, 3, 4;
INSERT INTO metrics_duration_daily (day, kind, lo, hi, n)
SELECT (r.graded_at AT TIME ZONE 'UTC')::date, 1, (CASE WHEN r.approval_ms < 60000 THEN r.approval_ms - r.approval_ms % 1000 WHEN r.approval_ms < 600000 THEN r.approval_ms - r.approval_ms % 10000 WHEN r.approval_ms < 3600000 THEN r.approval_ms - r.approval_ms % 60000 WHEN r.approval_ms < 86400000 THEN r.approval_ms - r.approval_ms % 600000 ELSE r.approval_ms - r.approval_ms % 3600000 END), (CASE WHEN r.approval_ms < 60000 THEN r.approval_ms - r.approval_ms % 1000 WHEN r.approval_ms < 600000 THEN r.approval_ms - r.approval_ms % 10000 WHEN r.approval_ms < 3600000 THEN r.approval_ms - r.approval_ms % 60000 WHEN r.approval_ms < 86400000 THEN r.approval_ms - r.approval_ms % 600000 ELSE r.approval_ms - r.approval_ms % 3600000 END) + (CASE WHEN r.approval_ms < 60000 THEN 1000 WHEN r.approval_ms < 600000 THEN 10000 WHEN r.approval_ms < 3600000 THEN 60000 WHEN r.approval_ms < 86400000 THEN 600000 ELSE 3600000 END), COUNT(*)
FROM customer_reply_grading r WHERE r.approval_ms IS NOT NULL GROUP BY 1, 2, 3, 4;

-- The roll-ups are maintained for everyone who writes learning signals (reviewers write them as themselves):
-- the trigger functions run as the schema owner, with a fixed search path. Reviewers and the service read
-- them (the dashboard); nobody writes them directly. Row-level security as on every CX table.
ALTER FUNCTION metrics_daily_apply(customer_reply_grading, integer) SECURITY DEFINER SET search_path = public;
ALTER FUNCTION metrics_daily_trigger() SECURITY DEFINER SET search_path = public;
GRANT SELECT ON metrics_daily, metrics_duration_daily TO cxpilot_reviewer, cxpilot_service;
ALTER TABLE metrics_daily ENABLE ROW LEVEL SECURITY;
ALTER TABLE metrics_duration_daily ENABLE ROW LEVEL SECURITY;
CREATE POLICY metrics_daily_read ON metrics_daily FOR SELECT TO cxpilot_reviewer, cxpilot_service USING (true);
CREATE POLICY metrics_duration_daily_read ON metrics_duration_daily FOR SELECT
    TO cxpilot_reviewer, cxpilot_service USING (true);
