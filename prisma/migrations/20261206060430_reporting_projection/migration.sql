-- SPEC §10 (federal performance reporting): what the reports need and the projections lacked, as
-- columns of the projections (written by both projection paths through src/activities/projection-rows.ts),
-- with a backfill from the projected views of cases that already exist, and PIRL 100 for participants.

-- PIRL 100: 12 random characters [0-9A-Z] (derived from neither SSN nor birth date).
CREATE OR REPLACE FUNCTION wioa_new_pirl_id() RETURNS text LANGUAGE sql VOLATILE AS $fn$
  SELECT string_agg(substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', 1 + floor(random() * 36)::int, 1), '')
  FROM generate_series(1, 12)
$fn$;

-- AlterTable
ALTER TABLE "activities" ADD COLUMN     "category" TEXT,
ADD COLUMN     "training_type" TEXT;

-- AlterTable
ALTER TABLE "applications" ADD COLUMN     "education_at_participation" TEXT NOT NULL DEFAULT 'none',
ADD COLUMN     "exit_reason" TEXT;

-- AlterTable
ALTER TABLE "follow_ups" ADD COLUMN     "earnings" DECIMAL(12,2),
ADD COLUMN     "employer_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "employment_code" TEXT,
ADD COLUMN     "in_education" BOOLEAN,
ADD COLUMN     "youth_placement_code" TEXT;

-- AlterTable
ALTER TABLE "participants" ADD COLUMN     "pirl_id" TEXT NOT NULL DEFAULT wioa_new_pirl_id();

-- CreateIndex
CREATE INDEX "applications_exit_date_idx" ON "applications"("exit_date");

-- CreateIndex
CREATE INDEX "applications_participation_date_idx" ON "applications"("participation_date");

-- CreateIndex
CREATE UNIQUE INDEX "participants_pirl_id_key" ON "participants"("pirl_id");

-- ---- backfill from the projected views (the same rules as src/domain/reporting.ts, frozen here) -------
UPDATE applications SET
  education_at_participation = coalesce(view->>'educationAtParticipation', 'none'),
  exit_reason = CASE WHEN view->'exit'->>'type' = 'exclusionary' THEN view->'exit'->>'reason' END;

UPDATE activities AS t SET category = x.category, training_type = x."trainingType"
FROM applications AS a, jsonb_to_recordset(a.view->'activities') AS x(id text, category text, "trainingType" text)
WHERE t.application_id = a.id AND t.id = x.id;
-- Activities recorded before the catalog carried training types: the shipped sample's code 328 is type 06.
UPDATE activities SET training_type = '06' WHERE category = 'training' AND training_type IS NULL AND code = '328';

UPDATE follow_ups AS t SET
  employment_code = CASE
    WHEN f->>'status' IN ('required', 'overdue') THEN '9'
    WHEN f->>'status' <> 'completed' OR f->'completion' IS NULL OR f->'completion'->>'statusAtFollowUp' = 'cannot_locate' THEN '0'
    WHEN (f->'completion'->>'workedInQuarter')::boolean AND jsonb_array_length(coalesce(f->'completion'->'employers', '[]'::jsonb)) > 0 THEN
      CASE coalesce(f->'completion'->'employers'->0->>'employmentType', 'unsubsidized')
        WHEN 'registered_apprenticeship' THEN '2' WHEN 'military' THEN '3' ELSE '1' END
    ELSE '0' END,
  earnings = CASE
    WHEN (f->'completion'->>'workedInQuarter')::boolean AND jsonb_array_length(coalesce(f->'completion'->'employers', '[]'::jsonb)) > 0 THEN
      (SELECT CASE WHEN bool_and(e ? 'quarterlyEarnings' OR (e ? 'hourlyWage' AND e ? 'hoursPerWeek'))
        THEN sum(coalesce(round((e->>'quarterlyEarnings')::numeric, 2), round((e->>'hourlyWage')::numeric * (e->>'hoursPerWeek')::numeric * 13, 2))) END
       FROM jsonb_array_elements(f->'completion'->'employers') AS e)
    END,
  employer_ids = CASE
    WHEN (f->'completion'->>'workedInQuarter')::boolean THEN
      ARRAY(SELECT e->>'employerId' FROM jsonb_array_elements(coalesce(f->'completion'->'employers', '[]'::jsonb)) AS e WHERE e ? 'employerId')
    ELSE ARRAY[]::text[] END,
  in_education = f->>'status' = 'completed' AND f->'completion' IS NOT NULL AND (
    (coalesce((f->'completion'->'education'->>'enrolled')::boolean, false) AND f->'completion'->'education' ? 'type')
    OR coalesce(f->'completion'->>'youthPlacementCode', '') IN ('1', '2', '3')),
  youth_placement_code = f->'completion'->>'youthPlacementCode'
FROM applications AS a, jsonb_array_elements(a.view->'followUps') AS f
WHERE t.application_id = a.id AND t.quarter = (f->>'quarter')::int;

-- ---- the projection's one-statement path writes the new columns too --------------------------------
CREATE OR REPLACE FUNCTION wioa_project_core(p jsonb) RETURNS boolean
LANGUAGE plpgsql AS $fn$
DECLARE
  v_id text := p->>'id';
  v_version integer := (p->>'version')::integer;
  a jsonb := p->'app';
  v_cm text := p->'app'->>'case_manager_id';
  v_at timestamptz := (p->>'alerts_at')::timestamptz;
  v_applied boolean;
  n integer;
BEGIN
  INSERT INTO case_notes (id, application_id, activity_id, contact_date, subject, body, created_by, created_at)
  SELECT x.id, v_id, x.activity_id, x.contact_date, x.subject, x.body, x.created_by, x.created_at
  FROM jsonb_to_recordset(p->'case_notes') AS x(id text, activity_id text, contact_date date, subject text, body text, created_by text, created_at timestamptz)
  ON CONFLICT DO NOTHING;

  INSERT INTO audit_entries (application_id, command_id, command, actor_id, actor_role, at, payload)
  SELECT v_id, x.command_id, x.command, x.actor_id, x.actor_role, x.at, coalesce(x.payload, '{}'::jsonb)
  FROM jsonb_to_recordset(p->'audit') AS x(command_id text, command text, actor_id text, actor_role text, at timestamptz, payload jsonb)
  ON CONFLICT DO NOTHING;

  UPDATE applications SET
    participant_id = (a->>'participant_id')::uuid,
    programs = ARRAY(SELECT jsonb_array_elements_text(a->'programs')),
    office = a->>'office',
    case_manager_id = a->>'case_manager_id',
    status = a->>'status',
    participation_date = (a->>'participation_date')::date,
    last_service_date = (a->>'last_service_date')::date,
    exit_clock_state = a->>'exit_clock_state',
    soft_exit_date = (a->>'soft_exit_date')::date,
    soft_exit_at = (a->>'soft_exit_at')::timestamptz,
    exit_type = a->>'exit_type',
    exit_date = (a->>'exit_date')::date,
    exited_at = (a->>'exited_at')::timestamptz,
    education_at_participation = coalesce(a->>'education_at_participation', 'none'),
    exit_reason = a->>'exit_reason',
    view = p->'view',
    version = v_version,
    updated_at = now()
  WHERE id = v_id AND version < v_version;
  GET DIAGNOSTICS n = ROW_COUNT;
  v_applied := n > 0;
  IF NOT v_applied THEN
    INSERT INTO applications (id, participant_id, programs, office, case_manager_id, status, participation_date, last_service_date,
      exit_clock_state, soft_exit_date, soft_exit_at, exit_type, exit_date, exited_at, education_at_participation, exit_reason, view, version, created_at, updated_at)
    VALUES (v_id, (a->>'participant_id')::uuid, ARRAY(SELECT jsonb_array_elements_text(a->'programs')), a->>'office', a->>'case_manager_id',
      a->>'status', (a->>'participation_date')::date, (a->>'last_service_date')::date, a->>'exit_clock_state', (a->>'soft_exit_date')::date,
      (a->>'soft_exit_at')::timestamptz, a->>'exit_type', (a->>'exit_date')::date, (a->>'exited_at')::timestamptz,
      coalesce(a->>'education_at_participation', 'none'), a->>'exit_reason', p->'view', v_version, now(), now())
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    v_applied := n > 0;
  END IF;

  IF v_applied THEN
    INSERT INTO activities AS t (id, application_id, code, program, status, actual_begin_date, projected_begin_date, projected_end_date, actual_end_date, completion_code,
      category, training_type, updated_at)
    SELECT x.id, v_id, x.code, x.program, x.status, x.actual_begin_date, x.projected_begin_date, x.projected_end_date, x.actual_end_date, x.completion_code,
      x.category, x.training_type, now()
    FROM jsonb_to_recordset(p->'activities') AS x(id text, code text, program text, status text, actual_begin_date date, projected_begin_date date,
      projected_end_date date, actual_end_date date, completion_code text, category text, training_type text)
    ON CONFLICT (id) DO UPDATE SET
      code = EXCLUDED.code, program = EXCLUDED.program, status = EXCLUDED.status, actual_begin_date = EXCLUDED.actual_begin_date,
      projected_begin_date = EXCLUDED.projected_begin_date, projected_end_date = EXCLUDED.projected_end_date,
      actual_end_date = EXCLUDED.actual_end_date, completion_code = EXCLUDED.completion_code,
      category = EXCLUDED.category, training_type = EXCLUDED.training_type, updated_at = now()
    WHERE t.application_id = EXCLUDED.application_id
      AND (t.code, t.program, t.status, t.actual_begin_date, t.projected_begin_date, t.projected_end_date, t.actual_end_date, t.completion_code, t.category, t.training_type)
        IS DISTINCT FROM (EXCLUDED.code, EXCLUDED.program, EXCLUDED.status, EXCLUDED.actual_begin_date, EXCLUDED.projected_begin_date,
          EXCLUDED.projected_end_date, EXCLUDED.actual_end_date, EXCLUDED.completion_code, EXCLUDED.category, EXCLUDED.training_type);

    INSERT INTO follow_ups AS t (application_id, quarter, period_start, period_end, due_date, status, completed_on, contact_attempts,
      employment_code, earnings, employer_ids, in_education, youth_placement_code, updated_at)
    SELECT v_id, x.quarter, x.period_start, x.period_end, x.due_date, x.status, x.completed_on, coalesce(x.contact_attempts, '[]'::jsonb),
      x.employment_code, x.earnings, ARRAY(SELECT jsonb_array_elements_text(coalesce(x.employer_ids, '[]'::jsonb))), x.in_education, x.youth_placement_code, now()
    FROM jsonb_to_recordset(p->'follow_ups') AS x(quarter integer, period_start date, period_end date, due_date date, status text, completed_on date, contact_attempts jsonb,
      employment_code text, earnings numeric, employer_ids jsonb, in_education boolean, youth_placement_code text)
    ON CONFLICT (application_id, quarter) DO UPDATE SET
      period_start = EXCLUDED.period_start, period_end = EXCLUDED.period_end, due_date = EXCLUDED.due_date, status = EXCLUDED.status,
      completed_on = EXCLUDED.completed_on, contact_attempts = EXCLUDED.contact_attempts, employment_code = EXCLUDED.employment_code,
      earnings = EXCLUDED.earnings, employer_ids = EXCLUDED.employer_ids, in_education = EXCLUDED.in_education,
      youth_placement_code = EXCLUDED.youth_placement_code, updated_at = now()
    WHERE (t.period_start, t.period_end, t.due_date, t.status, t.completed_on, t.contact_attempts, t.employment_code, t.earnings, t.employer_ids,
        t.in_education, t.youth_placement_code)
      IS DISTINCT FROM (EXCLUDED.period_start, EXCLUDED.period_end, EXCLUDED.due_date, EXCLUDED.status, EXCLUDED.completed_on, EXCLUDED.contact_attempts,
        EXCLUDED.employment_code, EXCLUDED.earnings, EXCLUDED.employer_ids, EXCLUDED.in_education, EXCLUDED.youth_placement_code);

    -- Alerts (absent from runs that predate them: the table is left alone). The current ones are open
    -- (raised_at kept); the application's others are resolved; every row follows the case manager.
    IF jsonb_typeof(p->'alerts') = 'array' THEN
      INSERT INTO alerts AS t (application_id, type, subject_key, status, case_manager_id, detail, raised_at)
      SELECT v_id, x.type, x.subject_key, 'open', v_cm, x.detail, v_at
      FROM jsonb_to_recordset(p->'alerts') AS x(type text, subject_key text, detail jsonb)
      ON CONFLICT (application_id, type, subject_key) DO UPDATE SET
        status = 'open', case_manager_id = EXCLUDED.case_manager_id, detail = EXCLUDED.detail, resolved_at = NULL
      WHERE t.status <> 'open' OR t.resolved_at IS NOT NULL OR t.case_manager_id IS DISTINCT FROM EXCLUDED.case_manager_id
        OR t.detail IS DISTINCT FROM EXCLUDED.detail;
      UPDATE alerts AS t SET status = 'resolved', resolved_at = v_at, case_manager_id = v_cm
      WHERE t.application_id = v_id AND t.status = 'open'
        AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset(p->'alerts') AS x(type text, subject_key text) WHERE x.type = t.type AND x.subject_key = t.subject_key);
      UPDATE alerts AS t SET case_manager_id = v_cm
      WHERE t.application_id = v_id AND t.status <> 'open' AND t.case_manager_id IS DISTINCT FROM v_cm
        AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset(p->'alerts') AS x(type text, subject_key text) WHERE x.type = t.type AND x.subject_key = t.subject_key);
    END IF;
  END IF;

  INSERT INTO timed_entries (application_id, office, kind, entry_id, staff_id, dated_on, entered_on, late)
  SELECT x.application_id, x.office, x.kind, x.entry_id, x.staff_id, x.dated_on, x.entered_on, x.late
  FROM jsonb_to_recordset(p->'timed_entries') AS x(application_id text, office text, kind text, entry_id text, staff_id text, dated_on date, entered_on date, late boolean)
  ON CONFLICT DO NOTHING;

  RETURN v_applied;
END
$fn$;
