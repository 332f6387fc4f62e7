/**
 * SPEC §9 case management groups over HTTP (sandbox mode): supervisors manage them (R-GRP-1), they
 * restrict case manager assignment in their office only (R-GRP-2), and they scope the caseload and
 * the alerts (R-GRP-3).
 */
import { ok, problem, sandboxApiCase } from '../helpers/api-case';
import { waitFor } from '../helpers/wait';

const sandbox = sandboxApiCase('2024-01-10T18:00:00Z', {
  name: 'api_groups',
  env: { API_TOKENS: 'dev-staff:S-CM-1:staff,cm-2:S-CM-2:staff,cm-3:S-CM-3:staff,dev-supervisor:S-SUP-1:supervisor,dev-viewer:S-VIEW:viewer' },
});

const { api } = sandbox;
const SUP = { token: 'dev-supervisor' };

const youth = { name: 'Youth Team', office: 'LA-2703', programs: ['YOUTH'], leadStaffId: 'S-CM-1', memberStaffIds: ['S-CM-1'] };
let youthId: string;
let participantId: string;

async function newApplication(office: string, programs: string[], caseManagerId?: string) {
  return api().post('/api/v1/applications', { participantId, programs, eligibilityDate: '2024-01-02', office, ...(caseManagerId ? { caseManagerId } : {}) });
}

describe('R-GRP-1 case management groups', () => {
  it('R-GRP-1 only supervisors create groups (403 for staff and viewers)', async () => {
    await problem(api().post('/api/v1/case-management-groups', youth), 403, 'FORBIDDEN');
    await problem(api().post('/api/v1/case-management-groups', youth, { token: 'dev-viewer' }), 403, 'FORBIDDEN');
  });

  it('R-GRP-1 the lead must be a member (422 GROUP_LEAD_NOT_MEMBER); unknown staff ids are 422 UNKNOWN_STAFF; bad bodies 400', async () => {
    await problem(api().post('/api/v1/case-management-groups', { ...youth, leadStaffId: 'S-CM-2' }, SUP), 422, 'GROUP_LEAD_NOT_MEMBER');
    const unknown = await problem(
      api().post('/api/v1/case-management-groups', { ...youth, memberStaffIds: ['S-CM-1', 'S-NOBODY'] }, SUP),
      422,
      'UNKNOWN_STAFF',
    );
    expect(unknown.detail).toContain('S-NOBODY');
    await problem(api().post('/api/v1/case-management-groups', { ...youth, programs: ['CHESS'] }, SUP), 400, 'VALIDATION_FAILED');
    await problem(api().post('/api/v1/case-management-groups', { ...youth, programs: [] }, SUP), 400, 'VALIDATION_FAILED');
    expect((await ok(api().get('/api/v1/case-management-groups'))).items).toEqual([]); // nothing was stored
  });

  it('R-GRP-1 a supervisor creates a group: 201 {group}; its name is unique per office (409 GROUP_NAME_TAKEN), not across offices', async () => {
    const created = await ok(api().post('/api/v1/case-management-groups', youth, SUP), 201);
    expect(created.group).toMatchObject({ ...youth, createdBy: 'S-SUP-1' });
    youthId = created.group.id;
    await problem(api().post('/api/v1/case-management-groups', { ...youth, name: ' youth  TEAM ' }, SUP), 409, 'GROUP_NAME_TAKEN');
    await ok(api().post('/api/v1/case-management-groups', { ...youth, office: 'SD-0101' }, SUP), 201);
  });

  it('R-GRP-1 a retried create with the same Idempotency-Key answers the same group and stores one', async () => {
    const body = { ...youth, name: 'Retry Team' };
    const headers = { 'idempotency-key': 'group-retry-1' };
    const first = await ok(api().post('/api/v1/case-management-groups', body, { ...SUP, headers }), 201);
    const again = await ok(api().post('/api/v1/case-management-groups', body, { ...SUP, headers }), 201);
    expect(again.group.id).toBe(first.group.id);
    await problem(api().post('/api/v1/case-management-groups', { ...body, name: 'Other' }, { ...SUP, headers }), 409, 'IDEMPOTENCY_KEY_REUSED');
    expect((await ok(api().get('/api/v1/case-management-groups?office=LA-2703'))).items.map((g: any) => g.name)).toEqual(['Retry Team', 'Youth Team']);
    await sandbox.stack.db.caseManagementGroup.delete({ where: { id: first.group.id } }); // keep the office to one group for the next tests
  });

  it('R-GRP-1 GET lists the groups, filtered by office', async () => {
    const la = await ok(api().get('/api/v1/case-management-groups?office=LA-2703', { token: 'dev-viewer' }));
    expect(la.items.map((g: any) => [g.office, g.name])).toEqual([['LA-2703', 'Youth Team']]);
    expect((await ok(api().get('/api/v1/case-management-groups'))).total).toBe(2);
    expect((await ok(api().get(`/api/v1/case-management-groups/${youthId}`))).group.id).toBe(youthId);
  });

  it('R-GRP-1 PUT replaces name, programs, lead and members; 404 for an unknown group; the same rules apply', async () => {
    await problem(api().put('/api/v1/case-management-groups/00000000-0000-4000-8000-000000000000', youth, SUP), 404, 'GROUP_NOT_FOUND');
    await problem(api().put(`/api/v1/case-management-groups/${youthId}`, youth), 403, 'FORBIDDEN');
    await problem(api().put(`/api/v1/case-management-groups/${youthId}`, { ...youth, leadStaffId: 'S-CM-3' }, SUP), 422, 'GROUP_LEAD_NOT_MEMBER');
    const { office: _office, ...withoutOffice } = youth;
    const replaced = await ok(
      api().put(
        `/api/v1/case-management-groups/${youthId}`,
        { ...withoutOffice, name: 'Youth & Adults', programs: ['YOUTH', 'ADULT'], leadStaffId: 'S-CM-2', memberStaffIds: ['S-CM-1', 'S-CM-2'] },
        SUP,
      ),
    );
    expect(replaced.group).toMatchObject({
      id: youthId,
      office: 'LA-2703',
      name: 'Youth & Adults',
      programs: ['YOUTH', 'ADULT'],
      leadStaffId: 'S-CM-2',
      memberStaffIds: ['S-CM-1', 'S-CM-2'],
      updatedBy: 'S-SUP-1',
    });
    // back to the youth-only group with S-CM-1 for the next tests
    await ok(api().put(`/api/v1/case-management-groups/${youthId}`, youth, SUP));
  });
});

describe('R-GRP-2 case manager assignment in an office with groups', () => {
  let laYouth: string;
  let fresno: string;

  beforeAll(async () => {
    participantId = (await ok(api().post('/api/v1/participants', { firstName: 'Group', lastName: 'Case', birthDate: '2005-05-05' }), 201)).id;
  });

  it('R-GRP-2 at creation: a case manager outside the groups of the office serving the programs is 422 CASE_MANAGER_NOT_IN_GROUP (no case started)', async () => {
    await problem(newApplication('LA-2703', ['ADULT'], 'S-CM-2'), 422, 'CASE_MANAGER_NOT_IN_GROUP');
    await problem(newApplication('LA-2703', ['ADULT'], 'S-CM-1'), 422, 'CASE_MANAGER_NOT_IN_GROUP'); // member, but the group serves YOUTH only
    const total = (await ok(api().get('/api/v1/applications?office=LA-2703'))).total;
    expect(total).toBe(0);
    laYouth = (await ok(newApplication('LA-2703', ['YOUTH', 'ADULT'], 'S-CM-1'), 201)).id; // co-enrolled: one program served is enough
  });

  it('R-GRP-2 an office without groups keeps free assignment', async () => {
    fresno = (await ok(newApplication('FRESNO-1', ['ADULT'], 'S-CM-2'), 201)).id;
    expect((await ok(api().put(`/api/v1/applications/${fresno}/case-manager`, { staffId: 'S-CM-3' }))).application.caseManagerId).toBe('S-CM-3');
  });

  it('R-GRP-2 PUT …/case-manager is checked before the workflow is touched; joining the group makes it allowed', async () => {
    await problem(api().put(`/api/v1/applications/${laYouth}/case-manager`, { staffId: 'S-CM-2' }), 422, 'CASE_MANAGER_NOT_IN_GROUP');
    expect((await ok(api().get(`/api/v1/applications/${laYouth}`))).caseManagerId).toBe('S-CM-1');
    const history = await ok(api().get(`/api/v1/applications/${laYouth}/history`));
    expect(history.items.map((e: any) => e.command)).not.toContain('assignCaseManager');
    await ok(api().put(`/api/v1/case-management-groups/${youthId}`, { ...youth, memberStaffIds: ['S-CM-1', 'S-CM-2'] }, SUP));
    expect((await ok(api().put(`/api/v1/applications/${laYouth}/case-manager`, { staffId: 'S-CM-2' }))).application.caseManagerId).toBe('S-CM-2');
  });

  it("R-GRP-3 ?groupId= lists the group office's cases whose case manager is a member, on the caseload and the alerts", async () => {
    // both cases get an open alert: a future activity beyond the projected soft exit
    for (const id of [laYouth, fresno]) {
      const part = await ok(
        api().post(`/api/v1/applications/${id}/participation`, {
          participationDate: '2024-01-03',
          activity: { code: '101', program: 'ADULT', projectedEndDate: '2024-01-10', caseNote: 'Assessment.' },
        }),
      );
      await ok(api().post(`/api/v1/applications/${id}/activities/${part.activity.id}/close`, { actualEndDate: '2024-01-10', completionCode: 'successful' }));
      await ok(
        api().post(`/api/v1/applications/${id}/activities`, {
          code: '328',
          program: 'ADULT',
          projectedBeginDate: '2024-05-01',
          projectedEndDate: '2024-12-01',
          caseNote: 'Training in May.',
        }),
        201,
      );
    }
    // S-CM-3 (Fresno's case manager) joins the group: still not the group's case (another office)
    await ok(api().put(`/api/v1/case-management-groups/${youthId}`, { ...youth, memberStaffIds: ['S-CM-1', 'S-CM-2', 'S-CM-3'] }, SUP));
    await waitFor(async () => (await api().get('/api/v1/alerts?type=future_activity_beyond_exit')).body.total === 2, 15_000, 'both alerts projected');
    const caseload = await ok(api().get(`/api/v1/applications?groupId=${youthId}`));
    expect(caseload.items.map((a: any) => a.id)).toEqual([laYouth]);
    const alerts = await ok(api().get(`/api/v1/alerts?groupId=${youthId}`));
    expect([...new Set(alerts.items.map((a: any) => a.applicationId))]).toEqual([laYouth]);
    // with another filter the group scope still applies
    expect((await ok(api().get(`/api/v1/applications?groupId=${youthId}&caseManagerId=S-CM-3`))).items).toEqual([]);
    // a member leaving the group takes their cases out of its scope
    await ok(api().put(`/api/v1/case-management-groups/${youthId}`, { ...youth, memberStaffIds: ['S-CM-1'] }, SUP));
    expect((await ok(api().get(`/api/v1/applications?groupId=${youthId}`))).items).toEqual([]);
    await problem(api().get('/api/v1/applications?groupId=00000000-0000-4000-8000-000000000000'), 404, 'GROUP_NOT_FOUND');
    await problem(api().get('/api/v1/alerts?groupId=not-a-uuid'), 400, 'VALIDATION_FAILED');
  });
});
