/** Request and response bodies of the §8 outcome routes (R-CRED-1, R-MSG-1). */
import { z } from '../zod';
import { trimmedText, plainString } from '../text';
import { ApplicationViewSchema, IsoDateSchema } from '../schemas';
import { BACKDATE_FREE_DAYS, BACKDATE_MAX_DAYS } from '../../domain/backdating';
import { CREDENTIAL_TYPES } from '../../domain/credentials';
import { SKILL_GAIN_TYPES } from '../../domain/skill-gains';
import { CredentialViewSchema, SkillGainViewSchema } from './outcome-views';

const DocumentationRef = trimmedText(500, 'Where the documentation is (free text, PII: stored in PostgreSQL only).');
const BackdateApprovedBy = trimmedText(
  64,
  `R-ACT-4: a supervisor who approved backdating ${BACKDATE_FREE_DAYS + 1}–${BACKDATE_MAX_DAYS} days (not needed when the caller is a supervisor).`,
).optional();

export const RecordCredentialBody = z
  .object({
    type: z.enum(CREDENTIAL_TYPES).openapi({
      description:
        'PIRL 1800: 1 secondary diploma/equivalency, 2 AA/AS, 3 BA/BS, 4 occupational licensure, 5 occupational certificate, 6 occupational certification, 7 other recognized diploma, degree or certificate.',
    }),
    attainedOn: IsoDateSchema,
    activityId: plainString(100).openapi({ description: 'The associated activity (required), on this application.' }),
    verification: z
      .discriminatedUnion('method', [
        z.object({ method: z.literal('copy_in_case_file'), documentationRef: DocumentationRef.optional() }).strict(),
        z.object({ method: z.literal('verified'), documentationRef: DocumentationRef }).strict(),
      ])
      .openapi({ description: '`verified` needs documentationRef; otherwise a copy is in the case file.' }),
    backdateApprovedBy: BackdateApprovedBy,
  })
  .strict()
  .openapi('RecordCredential');

export const RecordSkillGainBody = z
  .object({
    type: z.enum(SKILL_GAIN_TYPES).openapi({ description: 'PIRL 1806–1810.' }),
    achievedOn: IsoDateSchema,
    activityId: plainString(100).openapi({ description: 'A training or individualized activity on this application.' }),
    documentationRef: DocumentationRef,
    backdateApprovedBy: BackdateApprovedBy,
  })
  .strict()
  .openapi('RecordSkillGain');

export const CredentialCreated = z.object({ credential: CredentialViewSchema, application: ApplicationViewSchema }).openapi('CredentialCreated');
export const SkillGainCreated = z.object({ skillGain: SkillGainViewSchema, application: ApplicationViewSchema }).openapi('SkillGainCreated');
