/**
 * R-UI-3 over HTTP: the caseload names each case's participant, searches by last-name prefix (any case,
 * LIKE wildcards taken literally) or exact PIRL id, filters by program, and stays within the caller's
 * offices whatever it searches for.
 */
import { ok, problem, sandboxApiCase } from '../helpers/api-case';
import { waitFor } from '../helpers/wait';

const sandbox = sandboxApiCase('2024-02-20T18:00:00Z', {
  name: 'api_caseload_search',
  env: {
    API_TOKENS: ['dev-staff:S-CM-1:staff:A-1|B-1', 'staff-a:S-CM-2:staff:A-1', 'dev-viewer:S-VIEW:viewer:A-1|B-1'].join(','),
    RATE_LIMIT_PER_MINUTE: '0',
  },
});
const { api } = sandbox;

interface Created {
  applicationId: string;
  pirlId: string;
}
const cases: Record<string, Created> = {};

async function createCase(firstName: string, lastName: string, office: string, programs: string[]): Promise<Created> {
  const participant = await ok(api().post('/api/v1/participants', { firstName, lastName, birthDate: '1990-04-01' }), 201);
  const application = await ok(api().post('/api/v1/applications', { participantId: participant.id, programs, eligibilityDate: '2024-02-01', office }), 201);
  return { applicationId: application.id, pirlId: participant.pirlId };
}

type Item = { id: string; participant: { firstName: string; lastName: string; pirlId: string } };
const list = async (query: string, token?: string): Promise<Item[]> =>
  (await ok(api().get(`/api/v1/applications?${query}`, token ? { token } : undefined))).items as Item[];
const ids = (items: Item[]) => items.map((i) => i.id).sort();

beforeAll(async () => {
  cases.okafor = await createCase('Ada', 'Okafor', 'A-1', ['ADULT']);
  cases.okamoto = await createCase('Ken', 'Okamoto', 'A-1', ['DISLOCATED_WORKER']);
  cases.percent = await createCase('Pat', 'O%Neil', 'A-1', ['ADULT']);
  cases.other = await createCase('Oki', 'Okada', 'B-1', ['YOUTH']);
  // The caseload is read from the projection, which the worker writes just after the command answers.
  await waitFor(async () => (await list('limit=200')).length === 4, 20_000, 'the four cases projected');
});

describe('GET /api/v1/applications: the caseload of the console', () => {
  it('each item names its participant (first and last name, PIRL id)', async () => {
    const items = await list('q=okafor');
    expect(items).toHaveLength(1);
    expect(items[0]!.participant).toEqual({ firstName: 'Ada', lastName: 'Okafor', pirlId: cases.okafor!.pirlId });
    expect(cases.okafor!.pirlId).toMatch(/^[0-9A-Z]{12}$/);
  });

  it('q is a last-name prefix in any case', async () => {
    expect(ids(await list('q=Oka'))).toEqual(ids([cases.okafor, cases.okamoto, cases.other].map((c) => ({ id: c!.applicationId }) as Item)));
    expect(ids(await list('q=OKAM'))).toEqual([cases.okamoto!.applicationId]);
    expect(await list('q=kafor')).toEqual([]); // a prefix, not a substring
  });

  it('q matches an exact PIRL id, in either case, and nothing shorter', async () => {
    const pirl = cases.okamoto!.pirlId;
    expect(ids(await list(`q=${pirl}`))).toEqual([cases.okamoto!.applicationId]);
    expect(ids(await list(`q=${pirl.toLowerCase()}`))).toEqual([cases.okamoto!.applicationId]);
    expect(await list(`q=${pirl.slice(0, 11)}`)).toEqual([]);
  });

  it("LIKE's wildcards in q are taken literally", async () => {
    expect(ids(await list(`q=${encodeURIComponent('O%')}`))).toEqual([cases.percent!.applicationId]);
    expect(await list(`q=${encodeURIComponent('O_a')}`)).toEqual([]);
    expect(await list(`q=${encodeURIComponent('%')}`)).toEqual([]);
  });

  it('program filters by program, and combines with q', async () => {
    expect(ids(await list('program=DISLOCATED_WORKER'))).toEqual([cases.okamoto!.applicationId]);
    expect(ids(await list('program=ADULT&q=oka'))).toEqual([cases.okafor!.applicationId]);
    await problem(api().get('/api/v1/applications?program=CHESS'), 400, 'VALIDATION_FAILED');
    await problem(api().get(`/api/v1/applications?q=${'x'.repeat(65)}`), 400, 'VALIDATION_FAILED');
  });

  it('a search never reaches outside the caller’s offices (R-AUTH-2)', async () => {
    expect(ids(await list('q=Oka', 'staff-a'))).toEqual(ids([cases.okafor, cases.okamoto].map((c) => ({ id: c!.applicationId }) as Item)));
    expect(await list(`q=${cases.other!.pirlId}`, 'staff-a')).toEqual([]);
    expect(ids(await list(`q=${cases.other!.pirlId}`, 'dev-viewer'))).toEqual([cases.other!.applicationId]);
  });
});
