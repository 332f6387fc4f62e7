/**
 * R-IEP-7: the printable plan (IEP / ISS) for the participant's file — agency and office header,
 * title, the plan's facts, its goals with their objectives, the linked services (always including
 * `205 - Development of IEP/ISS/EDP`), and signature and date lines for the participant (name
 * printed), for a youth's ISS the parent or guardian, and the staff member; "Page n of N" when it runs over one page. Built with pdfkit's
 * standard Helvetica (WinAnsi: characters outside it print as '?').
 */
import PDFDocument from 'pdfkit';
import { IEP_ACTIVITY_CODE, IEP_ACTIVITY_LINE, type PlanView } from '../domain/employment-plans';
import type { ApplicationView } from '../workflows/application/contract';

export interface PlanDocumentInput {
  agencyName: string;
  application: Pick<ApplicationView, 'id' | 'programs' | 'caseManagerId' | 'activities'>;
  plan: PlanView;
  participantName: string;
  /** Goal and objective descriptions from PostgreSQL, by id (missing: not projected yet). */
  descriptions: ReadonlyMap<string, string>;
  /** The agency-local date the document is printed. */
  printedOn: string;
  /** The staff member printing it (for the footer). */
  printedBy: string;
}

const KIND_TITLE = { IEP: 'Individual Employment Plan (IEP)', ISS: 'Individual Service Strategy (ISS)' } as const;
const GOAL_TYPE = { employment: 'Employment', education: 'Education', training: 'Training', other: 'Other' } as const;
const GOAL_TERM = { short_term: 'Short-term', long_term: 'Long-term' } as const;
const STATUS = {
  open: 'Open',
  closed: 'Closed',
  achieved: 'Achieved',
  not_achieved: 'Not achieved',
  cancelled: 'Cancelled',
  completed: 'Completed',
} as const;
const CLOSED_REASON = { manual: 'closed by staff', exit: 'closed at program exit' } as const;

/** WinAnsi (the standard fonts' encoding) cannot show everything: keep Latin-1 and common punctuation. */
const printable = (s: string): string => s.replace(/[^\t\n\r\u0020-\u007e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026]/g, '?');

/** The service lines: code and catalog title; the plan's development line always reads {@link IEP_ACTIVITY_LINE}. */
export function serviceLines(plan: Pick<PlanView, 'services'>, activities: ApplicationView['activities']): string[] {
  const dates = new Map(activities.map((a) => [a.id, a]));
  const lines = plan.services.map((s) => {
    const a = dates.get(s.activityId);
    const when = a ? (a.actualBeginDate ? `begun ${a.actualBeginDate}` : a.projectedBeginDate ? `planned ${a.projectedBeginDate}` : '') : '';
    const ended = a?.actualEndDate ? `, ended ${a.actualEndDate}` : '';
    const base = s.code === IEP_ACTIVITY_CODE ? IEP_ACTIVITY_LINE : `${s.code} - ${s.title}`;
    const catalog = s.code === IEP_ACTIVITY_CODE && `${s.code} - ${s.title}` !== IEP_ACTIVITY_LINE ? ` (catalog: ${s.title})` : '';
    return `${base}${catalog}${when ? ` — ${when}${ended}` : ''}`;
  });
  if (!plan.services.some((s) => s.code === IEP_ACTIVITY_CODE)) lines.unshift(IEP_ACTIVITY_LINE);
  return lines;
}

/** Renders the plan; resolves with the PDF bytes. */
export function renderPlanDocument(input: PlanDocumentInput): Promise<Buffer> {
  const { plan, application } = input;
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: { top: 54, bottom: 54, left: 60, right: 60 },
    bufferPages: true,
    info: { Title: `${KIND_TITLE[plan.kind]} ${plan.id}`, Author: printable(input.agencyName), Subject: 'WIOA participant plan' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const ensure = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };
  const rule = () => {
    doc
      .moveTo(left, doc.y)
      .lineTo(left + width, doc.y)
      .lineWidth(0.5)
      .strokeColor('#888888')
      .stroke()
      .strokeColor('#000000');
    doc.moveDown(0.4);
  };
  const heading = (text: string) => {
    ensure(60);
    doc.moveDown(0.6).font('Helvetica-Bold').fontSize(12).fillColor('#1f3a5f').text(text, left, doc.y, { width });
    doc.fillColor('#000000');
    doc.moveDown(0.15);
    rule();
  };
  const body = (text: string, options: PDFKit.Mixins.TextOptions = {}) =>
    doc
      .font('Helvetica')
      .fontSize(10)
      .text(printable(text), { width, ...options });

  // ---- header ----
  doc.font('Helvetica-Bold').fontSize(15).text(printable(input.agencyName), left, doc.page.margins.top, { width });
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor('#444444')
    .text(printable(`Office ${plan.office} · Workforce Innovation and Opportunity Act (WIOA)`), { width });
  doc.fillColor('#000000').moveDown(0.8);
  doc.font('Helvetica-Bold').fontSize(18).text(KIND_TITLE[plan.kind], { width, align: 'center' });
  doc.moveDown(0.6);
  rule();

  // ---- plan facts (two columns) ----
  const facts: [string, string][] = [
    ['Participant', input.participantName],
    ['Plan ID', plan.id],
    ['Kind', plan.kind],
    ['Start date', plan.startDate],
    ['Office', plan.office],
    ['Status', STATUS[plan.status]],
    ['Closed date', plan.closedOn ? `${plan.closedOn}${plan.closedReason ? ` (${CLOSED_REASON[plan.closedReason]})` : ''}` : '—'],
    ['Programs', application.programs.join(', ')],
    ['Application', application.id],
    ['Case manager', application.caseManagerId ?? '—'],
  ];
  const labelWidth = 90;
  for (const [label, value] of facts) {
    const y = doc.y;
    doc.font('Helvetica-Bold').fontSize(10).text(`${label}:`, left, y, { width: labelWidth });
    doc
      .font('Helvetica')
      .fontSize(10)
      .text(printable(value), left + labelWidth, y, { width: width - labelWidth });
    doc.x = left;
  }

  // ---- goals and objectives ----
  heading('Goals and objectives');
  if (plan.goals.length === 0) body('No goals recorded.');
  plan.goals.forEach((g, i) => {
    ensure(70);
    doc
      .font('Helvetica-Bold')
      .fontSize(11)
      .text(printable(`Goal ${i + 1}: ${GOAL_TYPE[g.type]} (${GOAL_TERM[g.term]}) — ${STATUS[g.status]}`), left, doc.y, { width });
    body(
      `Established ${g.dateEstablished} · Estimated completion ${g.estimatedCompletionDate} · Actual completion ${g.actualCompletionDate ?? '—'} · Program ${g.program}`,
    );
    const gd = input.descriptions.get(g.id);
    if (gd) body(gd, { indent: 12 });
    if (g.objectives.length === 0) body('No objectives recorded.', { indent: 12 });
    g.objectives.forEach((o, j) => {
      ensure(40);
      doc
        .moveDown(0.2)
        .font('Helvetica-Bold')
        .fontSize(10)
        .text(`Objective ${i + 1}.${j + 1} — ${STATUS[o.status]}`, left + 16, doc.y, { width: width - 16 });
      doc
        .font('Helvetica')
        .fontSize(10)
        .text(`Established ${o.dateEstablished} · Next review ${o.reviewDate} · Program ${o.program}`, left + 16, doc.y, { width: width - 16 });
      const od = input.descriptions.get(o.id);
      if (od) doc.text(printable(od), left + 28, doc.y, { width: width - 28 });
      doc.x = left;
    });
    doc.moveDown(0.5);
  });

  // ---- services ----
  heading('Services');
  for (const line of serviceLines(plan, application.activities)) {
    ensure(16);
    body(`•  ${line}`);
  }

  // ---- signatures: kept together at the bottom of the last page ----
  // A youth's strategy (ISS) also has a line for the parent or guardian.
  const blockHeight = plan.kind === 'ISS' ? 195 : 150;
  if (doc.y + blockHeight > bottom()) doc.addPage();
  doc.y = Math.max(doc.y + 20, bottom() - blockHeight);
  doc.font('Helvetica').fontSize(9).fillColor('#444444').text('I took part in developing this plan and received a copy of it.', left, doc.y, { width });
  doc.fillColor('#000000').moveDown(1.6);
  const signature = (who: string, name: string) => {
    const y = doc.y + 14;
    const sigEnd = left + width * 0.62;
    doc.moveTo(left, y).lineTo(sigEnd, y).lineWidth(0.8).stroke();
    doc
      .moveTo(sigEnd + 20, y)
      .lineTo(left + width, y)
      .stroke();
    doc
      .font('Helvetica')
      .fontSize(9)
      .text(printable(`${who} signature — ${name}`), left, y + 4, { width: sigEnd - left });
    doc.text('Date', sigEnd + 20, y + 4, { width: left + width - sigEnd - 20 });
    doc.x = left;
    doc.y = y + 30;
  };
  signature('Participant', input.participantName);
  if (plan.kind === 'ISS') signature('Parent/guardian', 'if the participant is a minor');
  signature('Staff member', application.caseManagerId ? `case manager ${application.caseManagerId}` : 'case manager');

  // ---- footer on every page; page numbers when more than one ----
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - doc.page.margins.bottom + 18;
    const footer = `${plan.kind} ${plan.id} · ${input.participantName} · printed ${input.printedOn} by ${input.printedBy}`;
    doc.page.margins.bottom = 0; // writing in the margin must not add a page
    doc.font('Helvetica').fontSize(8).fillColor('#666666').text(printable(footer), left, y, { width, lineBreak: false });
    if (range.count > 1) doc.text(`Page ${i - range.start + 1} of ${range.count}`, left, y, { width, align: 'right', lineBreak: false });
    doc.fillColor('#000000');
  }
  doc.end();
  return done;
}
