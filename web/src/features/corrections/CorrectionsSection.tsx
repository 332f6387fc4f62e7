import { useState } from 'react';
import { api, call, type ApplicationView, type Schemas } from '../../lib/api';
import { COMPLETION_OPTIONS } from '../../lib/labels';
import { dateTimeIn } from '../../lib/dates';
import { CommandForm, DateInput, Select, TextArea, fieldErrors } from '../../lib/forms';
import { useCaseCommand } from '../case/queries';
import type { Me } from '../auth/AuthProvider';
import { canDecide, changesFrom, planAllowed } from '../plan/planRules';

type ChangeRequest = Schemas['ChangeRequest'];
const PARTICIPATION = 'participation';

const FIELD_LABELS: Record<string, string> = {
  actualBeginDate: 'actual begin date',
  actualEndDate: 'actual end date',
  projectedEndDate: 'projected end date',
  completionCode: 'completion',
  code: 'activity code',
  participationDate: 'participation date',
};

/**
 * R-DCR: a correction of data already entered (an activity's dates, completion or code; the participation
 * date) is requested by staff and applied only when a supervisor other than the requester approves it;
 * the exit clock (and so the timeline) then follows the corrected dates.
 */
export function CorrectionsSection({ view, me, timeZone }: { view: ApplicationView; me: Me | undefined; timeZone: string }) {
  const requests = (view.changeRequests ?? []) as ChangeRequest[];
  const allowed = planAllowed(view, me);
  if (requests.length === 0 && !allowed.requestCorrection) return null;
  const activityTitle = (id: string): string => {
    const a = view.activities.find((x) => x.id === id);
    return a ? `activity ${a.code} ${a.title}` : 'an activity';
  };
  const describe = (r: ChangeRequest): string => {
    const target = r.target.kind === 'participation' ? 'participation' : activityTitle(r.target.activityId);
    const changes = Object.entries(r.changes)
      .map(([k, v]) => `${FIELD_LABELS[k] ?? k} to ${String(v)}`)
      .join(', ');
    return `Correct ${target}: ${changes}`;
  };
  return (
    <section aria-labelledby="corrections-heading">
      <h2 id="corrections-heading">Corrections</h2>
      {requests.length === 0 ? (
        <p>No correction requested.</p>
      ) : (
        <ul className="usa-list">
          {[...requests].reverse().map((r) => (
            <li key={r.id}>
              {`${describe(r)}. ${statusText(r.status)}; requested by ${r.requestedBy} on ${dateTimeIn(r.requestedAt, timeZone)}`}
              {r.decidedBy && r.decidedAt ? `; ${r.status} by ${r.decidedBy} on ${dateTimeIn(r.decidedAt, timeZone)}` : ''}.
              {canDecide(r, view.status, me) && <Decide view={view} request={r} label={describe(r)} />}
            </li>
          ))}
        </ul>
      )}
      {requests.some((r) => r.status === 'pending') && me?.role !== 'supervisor' && (
        <p className="usa-hint">A supervisor other than the requester approves a correction.</p>
      )}
      {allowed.requestCorrection && <RequestCorrection view={view} />}
    </section>
  );
}

const statusText = (s: string): string => (s === 'pending' ? 'Waiting for a supervisor' : s.charAt(0).toUpperCase() + s.slice(1));

function RequestCorrection({ view }: { view: ApplicationView }) {
  const begun = view.activities.filter((a) => a.actualBeginDate !== null || a.status === 'future');
  const [target, setTarget] = useState(view.participationDate ? (begun[0]?.id ?? PARTICIPATION) : (begun[0]?.id ?? ''));
  const [fields, setFields] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const cmd = useCaseCommand<unknown>(view.id, () => {
    setFields({});
    setReason('');
  });
  const activity = view.activities.find((a) => a.id === target);
  const set = (k: string) => (v: string) => setFields((f) => ({ ...f, [k]: v }));
  const changes = changesFrom(
    target === PARTICIPATION
      ? { participationDate: fields.participationDate ?? '' }
      : Object.fromEntries(Object.entries(fields).filter(([k]) => k !== 'participationDate')),
  );
  const body = { target: target === PARTICIPATION ? { kind: 'participation' as const } : { kind: 'activity' as const, activityId: target }, changes, reason };
  const errors = fieldErrors(
    cmd.problem,
    ['actualBeginDate', 'actualEndDate', 'projectedEndDate', 'completionCode', 'participationDate', 'reason', 'changes'],
    {
      '*date': activity ? 'actualEndDate' : 'participationDate',
      END_BEFORE_BEGIN: 'actualEndDate',
    },
  );
  const options = [
    ...begun.map((a) => ({
      value: a.id,
      label: `Activity ${a.code} ${a.title} (${a.actualBeginDate ?? a.projectedBeginDate ?? ''} – ${a.actualEndDate ?? 'open'})`,
    })),
    ...(view.participationDate ? [{ value: PARTICIPATION, label: `Participation date (${view.participationDate})` }] : []),
  ];
  if (options.length === 0) return null;
  return (
    <CommandForm
      title="Request a correction"
      submitLabel="Request correction"
      problem={cmd.problem}
      pending={cmd.pending}
      onSubmit={() =>
        void cmd.submit(body, (key) =>
          call(api.POST('/api/v1/applications/{id}/change-requests', { params: { path: { id: view.id }, header: { 'idempotency-key': key } }, body })),
        )
      }
    >
      <Select
        label="What to correct"
        value={target}
        onChange={(v) => {
          setTarget(v);
          setFields({});
        }}
        options={options}
      />
      {target === PARTICIPATION ? (
        <DateInput
          label="Corrected participation date"
          value={fields.participationDate ?? ''}
          onChange={set('participationDate')}
          error={errors.participationDate}
        />
      ) : (
        <>
          <p className="usa-hint">Fill in only what changes.</p>
          <DateInput
            label="Corrected actual begin date"
            value={fields.actualBeginDate ?? ''}
            onChange={set('actualBeginDate')}
            error={errors.actualBeginDate}
          />
          {activity?.actualEndDate != null && (
            <DateInput label="Corrected actual end date" value={fields.actualEndDate ?? ''} onChange={set('actualEndDate')} error={errors.actualEndDate} />
          )}
          <DateInput
            label="Corrected projected end date"
            value={fields.projectedEndDate ?? ''}
            onChange={set('projectedEndDate')}
            error={errors.projectedEndDate}
          />
          {activity?.completionCode != null && (
            <Select
              label="Corrected completion"
              value={fields.completionCode ?? ''}
              onChange={set('completionCode')}
              empty="No change"
              options={COMPLETION_OPTIONS}
              error={errors.completionCode}
            />
          )}
        </>
      )}
      <TextArea label="Reason for the correction" value={reason} onChange={setReason} error={errors.reason ?? errors.changes} required />
    </CommandForm>
  );
}

function Decide({ view, request, label }: { view: ApplicationView; request: ChangeRequest; label: string }) {
  const approve = useCaseCommand<unknown>(view.id);
  const reject = useCaseCommand<unknown>(view.id);
  const [reason, setReason] = useState('');
  const errors = fieldErrors(reject.problem, ['reason']);
  return (
    <div className="console-cards">
      <CommandForm
        title={`Approve: ${label}`}
        submitLabel="Approve correction"
        problem={approve.problem}
        pending={approve.pending}
        onSubmit={() =>
          void approve.submit({ approve: request.id }, (key) =>
            call(
              api.POST('/api/v1/applications/{id}/change-requests/{requestId}/approve', {
                params: { path: { id: view.id, requestId: request.id }, header: { 'idempotency-key': key } },
                body: {},
              }),
            ),
          )
        }
      >
        <p>Every change applies at once; the exit clock is recomputed.</p>
      </CommandForm>
      <CommandForm
        title={`Reject: ${label}`}
        submitLabel="Reject correction"
        problem={reject.problem}
        pending={reject.pending}
        onSubmit={() =>
          void reject.submit({ reject: request.id, reason }, (key) =>
            call(
              api.POST('/api/v1/applications/{id}/change-requests/{requestId}/reject', {
                params: { path: { id: view.id, requestId: request.id }, header: { 'idempotency-key': key } },
                body: { reason },
              }),
            ),
          )
        }
      >
        <TextArea label="Why it is rejected" value={reason} onChange={setReason} error={errors.reason} required />
      </CommandForm>
    </div>
  );
}
