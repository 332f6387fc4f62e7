import { useState } from 'react';
import { api, call, type ApplicationView } from '../../lib/api';
import { CommandForm, DateInput, Select, TextInput, fieldErrors } from '../../lib/forms';
import { useActivityCodes, useCaseCommand } from './queries';
import { skillGainActivities } from './outcomeRules';
import type { Allowed } from './allowed';

type CredentialType = '1' | '2' | '3' | '4' | '5' | '6' | '7';
type SkillGainType = 'educational_functioning_level' | 'postsecondary_transcript' | 'secondary_transcript' | 'training_milestone' | 'skills_progression';

const CREDENTIAL_TYPES = [
  { value: '1', label: '1 Secondary school diploma or equivalency' },
  { value: '2', label: "2 Associate's degree" },
  { value: '3', label: "3 Bachelor's degree" },
  { value: '4', label: '4 Occupational licensure' },
  { value: '5', label: '5 Occupational certificate' },
  { value: '6', label: '6 Occupational certification' },
  { value: '7', label: '7 Other recognized diploma, degree or certificate' },
];
const SKILL_GAIN_TYPES = [
  { value: 'educational_functioning_level', label: 'Educational functioning level' },
  { value: 'postsecondary_transcript', label: 'Postsecondary transcript' },
  { value: 'secondary_transcript', label: 'Secondary transcript' },
  { value: 'training_milestone', label: 'Training milestone' },
  { value: 'skills_progression', label: 'Skills progression' },
];

/** R-CRED / R-MSG: credentials and measurable skill gains, each tied to one of the case's activities. */
export function OutcomesSection({ view, today, allowed }: { view: ApplicationView; today: string; allowed: Allowed }) {
  const activities = view.activities.filter((a) => a.actualBeginDate !== null);
  const options = activities.map((a) => ({ value: a.id, label: `${a.code} ${a.title}` }));
  // R-MSG-1: a skill gain is earned in a training or individualized activity; the catalog says which codes are.
  const catalog = useActivityCodes();
  const gainActivities = skillGainActivities(activities, catalog.data?.codes);
  const gainOptions = gainActivities.map((a) => ({ value: a.id, label: `${a.code} ${a.title}` }));
  const [credType, setCredType] = useState<CredentialType>('5');
  const [credDate, setCredDate] = useState(today);
  const [credActivity, setCredActivity] = useState('');
  const [gainType, setGainType] = useState<SkillGainType>('training_milestone');
  const [gainDate, setGainDate] = useState(today);
  const [gainActivity, setGainActivity] = useState('');
  const [gainDoc, setGainDoc] = useState('');
  const credential = useCaseCommand<unknown>(view.id);
  const gain = useCaseCommand<unknown>(view.id, () => setGainDoc(''));
  if (view.credentials.length === 0 && view.skillGains.length === 0 && !(allowed.outcomes && activities.length > 0)) return null;
  const pick = (chosen: string, among = activities): string => (among.some((a) => a.id === chosen) ? chosen : (among[0]?.id ?? ''));
  const credBody = { type: credType, attainedOn: credDate, activityId: pick(credActivity), verification: { method: 'copy_in_case_file' as const } };
  const gainBody = { type: gainType, achievedOn: gainDate, activityId: pick(gainActivity, gainActivities), documentationRef: gainDoc };
  const credErrors = fieldErrors(credential.problem, ['type', 'attainedOn', 'activityId'], { '*date': 'attainedOn', CREDENTIAL_WINDOW_CLOSED: 'attainedOn' });
  const gainErrors = fieldErrors(gain.problem, ['type', 'achievedOn', 'activityId', 'documentationRef'], { '*date': 'achievedOn' });
  return (
    <section aria-labelledby="outcomes-heading">
      <h2 id="outcomes-heading">Credentials and skill gains</h2>
      <ul className="usa-list">
        {view.credentials.map((c) => (
          <li key={c.id}>{`Credential type ${c.type} attained on ${c.attainedOn}`}</li>
        ))}
        {view.skillGains.map((g) => (
          <li key={g.id}>{`Skill gain (${g.type.replace(/_/g, ' ')}) on ${g.achievedOn}`}</li>
        ))}
        {view.credentials.length + view.skillGains.length === 0 && <li>None recorded.</li>}
      </ul>
      {allowed.outcomes && activities.length > 0 && (
        <>
          <CommandForm
            title="New credential"
            submitLabel="Add credential"
            problem={credential.problem}
            pending={credential.pending}
            onSubmit={() =>
              void credential.submit(credBody, (key) =>
                call(
                  api.POST('/api/v1/applications/{id}/credentials', { params: { path: { id: view.id }, header: { 'idempotency-key': key } }, body: credBody }),
                ),
              )
            }
          >
            <Select
              label="Credential type"
              value={credType}
              onChange={(v) => setCredType(v as CredentialType)}
              options={CREDENTIAL_TYPES}
              error={credErrors.type}
            />
            <DateInput label="Attained on" value={credDate} onChange={setCredDate} error={credErrors.attainedOn} required />
            <Select label="Credential activity" value={pick(credActivity)} onChange={setCredActivity} options={options} error={credErrors.activityId} />
          </CommandForm>
          <CommandForm
            title="New measurable skill gain"
            submitLabel="Add skill gain"
            problem={gain.problem}
            pending={gain.pending}
            onSubmit={() =>
              void gain.submit(gainBody, (key) =>
                call(
                  api.POST('/api/v1/applications/{id}/skill-gains', { params: { path: { id: view.id }, header: { 'idempotency-key': key } }, body: gainBody }),
                ),
              )
            }
          >
            <Select
              label="Skill gain type"
              value={gainType}
              onChange={(v) => setGainType(v as SkillGainType)}
              options={SKILL_GAIN_TYPES}
              error={gainErrors.type}
            />
            <DateInput label="Achieved on" value={gainDate} onChange={setGainDate} error={gainErrors.achievedOn} required />
            {gainOptions.length > 0 ? (
              <Select
                label="Skill gain activity"
                value={pick(gainActivity, gainActivities)}
                onChange={setGainActivity}
                options={gainOptions}
                error={gainErrors.activityId}
              />
            ) : (
              <p className="usa-hint">
                {catalog.data
                  ? 'A skill gain is earned in a training or individualized activity, and this case has none begun yet.'
                  : 'Loading the activities a skill gain can be earned in…'}
              </p>
            )}
            <TextInput label="Documentation reference" value={gainDoc} onChange={setGainDoc} error={gainErrors.documentationRef} required />
          </CommandForm>
        </>
      )}
    </section>
  );
}
