import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ApiProblem, api, call, type Schemas } from '../../lib/api';
import { Checkbox, CommandForm, ProblemSummary, Select, TextInput, fieldErrors, useSubmission } from '../../lib/forms';
import { INTAKE_PROGRAMS, programLabel } from '../../lib/labels';
import { usePageTitle } from '../../lib/page';
import { useAuth } from '../auth/AuthProvider';
import { membersWithLead, parseStaffIds } from './members';

type Group = Schemas['CaseManagementGroup'];
type Program = Schemas['Program'];
const GROUPS_KEY = ['groups'] as const;

/** R-GRP-1: a supervisor's case management groups: the list, a new group, each group's lead and members. */
export default function GroupsPage() {
  usePageTitle('Groups');
  const { me } = useAuth();
  const groups = useQuery({
    queryKey: GROUPS_KEY,
    staleTime: 2_000,
    queryFn: () => call(api.GET('/api/v1/case-management-groups', { params: { query: {} } })),
  });
  const items = groups.data?.items ?? [];
  const supervisor = me?.role === 'supervisor';
  return (
    <>
      <h1>Case management groups</h1>
      <p>
        In an office with at least one group, a case manager must be a member of a group of that office serving one of the case&apos;s programs. The caseload
        filters by group.
      </p>
      <ProblemSummary problem={groups.error instanceof ApiProblem ? groups.error : null} />
      <section aria-labelledby="groups-list">
        <h2 id="groups-list">Groups</h2>
        {groups.isPending && <p>Loading groups…</p>}
        {!groups.isPending && items.length === 0 && <p>No group yet: case managers are assigned freely.</p>}
        {items.length > 0 && (
          <div className="console-table-wrap">
            <table className="usa-table usa-table--compact">
              <caption className="usa-sr-only">Case management groups of your offices</caption>
              <thead>
                <tr>
                  <th scope="col">Group</th>
                  <th scope="col">Office</th>
                  <th scope="col">Programs</th>
                  <th scope="col">Lead</th>
                  <th scope="col">Members</th>
                  <th scope="col">Caseload</th>
                </tr>
              </thead>
              <tbody>
                {items.map((g) => (
                  <tr key={g.id}>
                    <th scope="row">{g.name}</th>
                    <td>{g.office}</td>
                    <td>{g.programs.map(programLabel).join(', ')}</td>
                    <td>{g.leadStaffId}</td>
                    <td>{g.memberStaffIds.join(', ')}</td>
                    <td>
                      <Link to={`/caseload?group=${encodeURIComponent(g.id)}&caseManager=all`}>Cases of {g.name}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {supervisor && <NewGroup offices={me.offices} />}
      {supervisor && items.map((g) => <EditGroup key={`${g.id}:${g.updatedAt}`} group={g} />)}
    </>
  );
}

function ProgramChoices({ value, onChange }: { value: Program[]; onChange: (v: Program[]) => void }) {
  return (
    <fieldset className="usa-fieldset margin-top-2">
      <legend className="usa-legend">Programs</legend>
      {INTAKE_PROGRAMS.map((p) => (
        <Checkbox key={p} label={programLabel(p)} checked={value.includes(p)} onChange={(on) => onChange(on ? [...value, p] : value.filter((x) => x !== p))} />
      ))}
    </fieldset>
  );
}

const GROUP_FIELDS = ['name', 'office', 'programs', 'leadStaffId', 'memberStaffIds'];
const GROUP_CODES = {
  GROUP_LEAD_NOT_MEMBER: 'leadStaffId',
  UNKNOWN_STAFF: 'memberStaffIds',
  GROUP_NAME_TAKEN: 'name',
  DUPLICATE_GROUP_NAME: 'name',
  OFFICE_OUT_OF_SCOPE: 'office',
};

function NewGroup({ offices }: { offices: string[] }) {
  const queryClient = useQueryClient();
  const all = offices.includes('*');
  const [name, setName] = useState('');
  const [office, setOffice] = useState(all ? '' : (offices[0] ?? ''));
  const [programs, setPrograms] = useState<Program[]>(['ADULT']);
  const [lead, setLead] = useState('');
  const [members, setMembers] = useState('');
  const create = useSubmission<unknown>(() => {
    setName('');
    setLead('');
    setMembers('');
    void queryClient.invalidateQueries({ queryKey: GROUPS_KEY });
  });
  const body = { name: name.trim(), office: office.trim(), programs, leadStaffId: lead.trim(), memberStaffIds: membersWithLead(parseStaffIds(members), lead) };
  const errors = fieldErrors(create.problem, GROUP_FIELDS, GROUP_CODES);
  return (
    <section aria-labelledby="new-group-heading">
      <h2 id="new-group-heading">New group</h2>
      <CommandForm
        title="Create a group"
        submitLabel="Create group"
        problem={create.problem}
        pending={create.pending}
        onSubmit={() =>
          void create.submit(body, (key) => call(api.POST('/api/v1/case-management-groups', { params: { header: { 'idempotency-key': key } }, body })))
        }
      >
        <TextInput label="Group name" value={name} onChange={setName} error={errors.name} required />
        {all ? (
          <TextInput label="Office" value={office} onChange={setOffice} error={errors.office} required />
        ) : (
          <Select label="Office" value={office} onChange={setOffice} options={offices.map((o) => ({ value: o, label: o }))} error={errors.office} />
        )}
        <ProgramChoices value={programs} onChange={setPrograms} />
        <TextInput label="Lead staff id" value={lead} onChange={setLead} error={errors.leadStaffId} required />
        <TextInput
          label="Members"
          hint="Staff ids, separated by commas; the lead is a member"
          value={members}
          onChange={setMembers}
          error={errors.memberStaffIds}
        />
      </CommandForm>
    </section>
  );
}

function EditGroup({ group }: { group: Group }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(group.name);
  const [programs, setPrograms] = useState<Program[]>(group.programs);
  const [lead, setLead] = useState(group.leadStaffId);
  const [members, setMembers] = useState(group.memberStaffIds.join(', '));
  const save = useSubmission<unknown>(() => void queryClient.invalidateQueries({ queryKey: GROUPS_KEY }));
  const body = { name: name.trim(), programs, leadStaffId: lead.trim(), memberStaffIds: membersWithLead(parseStaffIds(members), lead) };
  const errors = fieldErrors(save.problem, GROUP_FIELDS, GROUP_CODES);
  return (
    <section aria-labelledby={`group-${group.id}`}>
      <h2 id={`group-${group.id}`}>{`Group ${group.name} (${group.office})`}</h2>
      <CommandForm
        title={`Members of ${group.name}`}
        submitLabel="Save group"
        problem={save.problem}
        pending={save.pending}
        onSubmit={() =>
          void save.submit(body, (key) =>
            call(api.PUT('/api/v1/case-management-groups/{groupId}', { params: { path: { groupId: group.id }, header: { 'idempotency-key': key } }, body })),
          )
        }
      >
        <TextInput label="Group name" value={name} onChange={setName} error={errors.name} required />
        <ProgramChoices value={programs} onChange={setPrograms} />
        <TextInput label="Lead staff id" value={lead} onChange={setLead} error={errors.leadStaffId} required />
        <TextInput label="Members" hint="Staff ids, separated by commas" value={members} onChange={setMembers} error={errors.memberStaffIds} />
      </CommandForm>
    </section>
  );
}
