-- Issue 18: the projection's common batch in one statement (src/activities/projection-core.ts).
-- `wioa_project_core(batch)` writes what persistApplication's Prisma path writes for a batch with no
-- plan, credential, skill-gain or change-request content: case notes and audit entries (new rows only),
-- the application row over an older version only, then (when that row was applied) the activities and
-- follow-ups that are new or changed and the alerts, and finally the timed entries. One round trip
-- instead of ten or more, and no ORM on the worker's hot path. Returns whether the view was applied.
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
    view = p->'view',
    version = v_version,
    updated_at = now()
  WHERE id = v_id AND version < v_version;
  GET DIAGNOSTICS n = ROW_COUNT;
  v_applied := n > 0;
  IF NOT v_applied THEN
    INSERT INTO applications (id, participant_id, programs, office, case_manager_id, status, participation_date, last_service_date,
      exit_clock_state, soft_exit_date, soft_exit_at, exit_type, exit_date, exited_at, view, version, created_at, updated_at)
    VALUES (v_id, (a->>'participant_id')::uuid, ARRAY(SELECT jsonb_array_elements_text(a->'programs')), a->>'office', a->>'case_manager_id',
      a->>'status', (a->>'participation_date')::date, (a->>'last_service_date')::date, a->>'exit_clock_state', (a->>'soft_exit_date')::date,
      (a->>'soft_exit_at')::timestamptz, a->>'exit_type', (a->>'exit_date')::date, (a->>'exited_at')::timestamptz, p->'view', v_version, now(), now())
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    v_applied := n > 0;
  END IF;

  IF v_applied THEN
    INSERT INTO activities AS t (id, application_id, code, program, status, actual_begin_date, projected_begin_date, projected_end_date, actual_end_date, completion_code, updated_at)
    SELECT x.id, v_id, x.code, x.program, x.status, x.actual_begin_date, x.projected_begin_date, x.projected_end_date, x.actual_end_date, x.completion_code, now()
    FROM jsonb_to_recordset(p->'activities') AS x(id text, code text, program text, status text, actual_begin_date date, projected_begin_date date,
      projected_end_date date, actual_end_date date, completion_code text)
    ON CONFLICT (id) DO UPDATE SET
      code = EXCLUDED.code, program = EXCLUDED.program, status = EXCLUDED.status, actual_begin_date = EXCLUDED.actual_begin_date,
      projected_begin_date = EXCLUDED.projected_begin_date, projected_end_date = EXCLUDED.projected_end_date,
      actual_end_date = EXCLUDED.actual_end_date, completion_code = EXCLUDED.completion_code, updated_at = now()
    WHERE t.application_id = EXCLUDED.application_id
      AND (t.code, t.program, t.status, t.actual_begin_date, t.projected_begin_date, t.projected_end_date, t.actual_end_date, t.completion_code)
        IS DISTINCT FROM (EXCLUDED.code, EXCLUDED.program, EXCLUDED.status, EXCLUDED.actual_begin_date, EXCLUDED.projected_begin_date,
          EXCLUDED.projected_end_date, EXCLUDED.actual_end_date, EXCLUDED.completion_code);

    INSERT INTO follow_ups AS t (application_id, quarter, period_start, period_end, due_date, status, completed_on, contact_attempts, updated_at)
    SELECT v_id, x.quarter, x.period_start, x.period_end, x.due_date, x.status, x.completed_on, coalesce(x.contact_attempts, '[]'::jsonb), now()
    FROM jsonb_to_recordset(p->'follow_ups') AS x(quarter integer, period_start date, period_end date, due_date date, status text, completed_on date, contact_attempts jsonb)
    ON CONFLICT (application_id, quarter) DO UPDATE SET
      period_start = EXCLUDED.period_start, period_end = EXCLUDED.period_end, due_date = EXCLUDED.due_date, status = EXCLUDED.status,
      completed_on = EXCLUDED.completed_on, contact_attempts = EXCLUDED.contact_attempts, updated_at = now()
    WHERE (t.period_start, t.period_end, t.due_date, t.status, t.completed_on, t.contact_attempts)
      IS DISTINCT FROM (EXCLUDED.period_start, EXCLUDED.period_end, EXCLUDED.due_date, EXCLUDED.status, EXCLUDED.completed_on, EXCLUDED.contact_attempts);

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
