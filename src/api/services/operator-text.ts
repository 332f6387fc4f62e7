/**
 * What operators read about a case in the Temporal Web UI (R-OPS-1): the workflow's static summary
 * and static details (Markdown), set when the API starts it. No PII: ids, programs, office, dates.
 */
import type { Program } from '../../domain/enums';
import { applicationWorkflowId } from '../../workflows/application/contract';

/** Operators' one-line summary of a case in the Temporal UI (no PII). */
export const staticSummary = (id: string, programs: Program[], office: string): string => `Application ${id} · ${programs.join(', ')} · ${office}`;

/** Operators' static details (Markdown, no PII): what the case is and where to look next. */
export const staticDetails = (id: string, input: { programs: Program[]; office: string; eligibilityDate: string; agencyTimeZone: string }): string =>
  [
    `**WIOA application** \`${id}\``,
    `**Programs:** ${input.programs.join(', ')} · **Office:** ${input.office} · **Eligibility:** ${input.eligibilityDate} · **Agency time zone:** ${input.agencyTimeZone}`,
    `**Live view:** query \`getApplicationView\` or \`GET /api/v1/applications/${id}\` · follow-ups: \`${applicationWorkflowId(id)}-followup-q1\`…\`q4\` · runbook: docs/operations.md`,
  ].join('\n\n');
