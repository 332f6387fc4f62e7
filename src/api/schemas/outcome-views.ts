/**
 * §8 outcome entries as the application view shows them (R-CRED-4, R-MSG-2). Kept apart from
 * ./outcomes.ts (request bodies) because src/api/schemas.ts builds the application view from these,
 * and ./outcomes.ts imports from there. No documentation reference appears in a view (PII).
 */
import type { CredentialView, SkillGainView } from '../../workflows/application/contract';
import { documents, z } from '../zod';
import { CREDENTIAL_TYPES, CREDENTIAL_VERIFICATION_METHODS } from '../../domain/credentials';
import { SKILL_GAIN_TYPES } from '../../domain/skill-gains';

const date = z.string().openapi({ format: 'date', example: '2024-12-05' });

export const CredentialViewSchema = documents<CredentialView>()(
  z
    .object({
      id: z.string(),
      type: z.enum(CREDENTIAL_TYPES).openapi({ description: 'PIRL 1800 code' }),
      attainedOn: date,
      activityId: z.string(),
      verification: z
        .object({
          method: z.enum(CREDENTIAL_VERIFICATION_METHODS),
          hasDocumentationRef: z.boolean().openapi({
            description:
              'Whether a documentation reference was recorded. The reference itself is free text (PII): it is kept in PostgreSQL, never in the view.',
          }),
        })
        .openapi({ description: 'How the credential was verified.' }),
      recordedBy: z.string(),
      countsForCredentialRate: z.boolean().nullable().openapi({
        description:
          'R-CRED-4: types 2–7 within the window; type 1 once a follow-up within a year after exit records employment or education (false once the window passed without one, null while unknown).',
      }),
      enteredOn: date.openapi({ description: 'R-TIMELY-1: the agency-local day it was entered.' }),
      late: z.boolean().openapi({ description: 'R-TIMELY-1: entered more than five business days after attainedOn.' }),
      recordedAt: z.string().datetime(),
    })
    .openapi('Credential'),
);

export const SkillGainViewSchema = documents<SkillGainView>()(
  z
    .object({
      id: z.string(),
      type: z.enum(SKILL_GAIN_TYPES),
      achievedOn: date,
      programYear: z
        .string()
        .regex(/^PY\d{4}$/)
        .openapi({ description: 'R-MSG-2: July 1 – June 30, named by its starting year.', example: 'PY2024' }),
      activityId: z.string(),
      recordedBy: z.string(),
      enteredOn: date.openapi({ description: 'R-TIMELY-1: the agency-local day it was entered.' }),
      late: z.boolean(),
      recordedAt: z.string().datetime(),
    })
    .openapi('SkillGain'),
);
