/** R-IEP-7: the printable plan's content, read back from the PDF's text (no server needed). */
import { renderPlanDocument, serviceLines, type PlanDocumentInput } from '../../src/api/plan-document';
import type { ActivityView } from '../../src/workflows/application/contract';
import type { PlanGoalView, PlanView } from '../../src/domain/employment-plans';
import { pdfText } from '../helpers/pdf-text';

const rec = { enteredOn: '2024-01-05', late: false, recordedBy: 'S-1042' };
const activity = (id: string, code: string, title: string, begin: string | null, projected: string | null = null): ActivityView => ({
  id,
  code,
  title,
  category: 'individualized',
  program: 'ADULT',
  status: begin ? 'open' : 'future',
  actualBeginDate: begin,
  projectedBeginDate: projected,
  projectedEndDate: '2024-06-01',
  actualEndDate: null,
  completionCode: null,
  provider: null,
  restartsExitClock: true,
  createdBy: 'S-1042',
  createdAt: '2024-01-03T18:00:00.000Z',
});
const goal = (i: number, objectives = 2): PlanGoalView => ({
  id: `goal-${i}`,
  type: i % 2 ? 'employment' : 'education',
  term: 'long_term',
  status: 'open',
  dateEstablished: '2024-01-05',
  estimatedCompletionDate: '2024-06-01',
  actualCompletionDate: null,
  program: 'ADULT',
  completion: null,
  ...rec,
  objectives: Array.from({ length: objectives }, (_, j) => ({
    id: `obj-${i}-${j + 1}`,
    status: 'open' as const,
    dateEstablished: '2024-01-06',
    reviewDate: '2024-02-01',
    program: 'ADULT' as const,
    reviews: [],
    ...rec,
  })),
});
const plan = (over: Partial<PlanView> = {}): PlanView => ({
  id: 'plan-8c1f',
  kind: 'IEP',
  startDate: '2024-01-05',
  office: 'LA-2703',
  status: 'closed',
  closedOn: '2024-04-10',
  closedReason: 'exit',
  goals: [goal(1), goal(2)],
  services: [
    { activityId: 'a205', code: '205', title: 'Development of IEP/ISS/EDP' },
    { activityId: 'a328', code: '328', title: 'Occupational Skills Training' },
  ],
  closure: rec,
  ...rec,
  ...over,
});
const input = (over: Partial<PlanDocumentInput> = {}): PlanDocumentInput => ({
  agencyName: 'County Workforce Board',
  application: {
    id: 'app-1',
    programs: ['ADULT'],
    caseManagerId: 'S-1042',
    activities: [
      activity('a328', '328', 'Occupational Skills Training', null, '2024-03-01'),
      activity('a205', '205', 'Development of IEP/ISS/EDP', '2024-01-03'),
    ],
  },
  plan: plan(),
  participantName: 'Ann Lee',
  descriptions: new Map([
    ['goal-1', 'Work as a certified welder.'],
    ['obj-1-1', 'Finish the welding course.'],
  ]),
  printedOn: '2024-04-11',
  printedBy: 'S-1042',
  ...over,
});

describe('the printable plan (R-IEP-7)', () => {
  it('R-IEP-7 holds plan id, kind, start date, office, status, closed date, goals with objectives, services with 205, and both signature lines', async () => {
    const pdf = await renderPlanDocument(input());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text, totalPages } = await pdfText(pdf);
    expect(totalPages).toBe(1);
    for (const s of [
      'County Workforce Board',
      'Individual Employment Plan (IEP)',
      'Plan ID: plan-8c1f',
      'Kind: IEP',
      'Start date: 2024-01-05',
      'Office: LA-2703',
      'Status: Closed',
      'Closed date: 2024-04-10 (closed at program exit)',
      'Goal 1: Employment (Long-term) — Open',
      'Goal 2: Education (Long-term) — Open',
      'Objective 1.1 — Open',
      'Objective 2.2 — Open',
      'Established 2024-01-06 · Next review 2024-02-01',
      'Work as a certified welder.',
      'Finish the welding course.',
      '205 - Development of IEP/ISS/EDP — begun 2024-01-03',
      '328 - Occupational Skills Training — planned 2024-03-01',
      'Participant signature — Ann Lee',
      'Staff member signature — case manager S-1042',
    ])
      expect(text).toContain(s);
    expect(text).not.toContain('Page 1 of');
    expect(text).not.toContain('Parent/guardian'); // an IEP (adult) has no parent or guardian line
  });

  it('R-IEP-7 the 205 line always reads "205 - Development of IEP/ISS/EDP", whatever the catalog title, even when not linked', () => {
    const acts = input().application.activities;
    expect(serviceLines(plan({ services: [{ activityId: 'a205', code: '205', title: 'IEP development (local)' }] }), acts)).toEqual([
      '205 - Development of IEP/ISS/EDP (catalog: IEP development (local)) — begun 2024-01-03',
    ]);
    expect(serviceLines(plan({ services: [] }), acts)).toEqual(['205 - Development of IEP/ISS/EDP']);
  });

  it('R-IEP-7 a long plan runs over pages, numbered "Page n of N", with the signatures on the last page; ISS for a youth plan', async () => {
    const long = await pdfText(await renderPlanDocument(input({ plan: plan({ kind: 'ISS', goals: Array.from({ length: 9 }, (_, i) => goal(i + 1, 3)) }) })));
    expect(long.totalPages).toBeGreaterThan(1);
    long.pages.forEach((p, i) => expect(p).toContain(`Page ${i + 1} of ${long.totalPages}`));
    expect(long.pages.at(-1)).toContain('Participant signature — Ann Lee');
    expect(long.pages[0]).toContain('Individual Service Strategy (ISS)');
    expect(long.pages.at(-1)).toContain('Parent/guardian signature');
  });
});
