/** §8 outcomes: credentials (R-CRED-1) and measurable skill gains (R-MSG-1), commands on the application. */
import { commandRoute } from './application-command';
import { IdParams } from '../schemas';
import { CredentialCreated, RecordCredentialBody, RecordSkillGainBody, SkillGainCreated } from '../schemas/outcomes';

/** Registered with every other command by `commands.ts`. */
export const OUTCOME_COMMANDS = [
  commandRoute('recordCredential', {
    path: '/api/v1/applications/:id/credentials',
    summary: 'Record a credential attained (R-CRED-1; accepted until exit date + 1 year, R-CRED-2)',
    tags: ['outcomes'],
    params: IdParams,
    body: RecordCredentialBody,
    status: 201,
    backdating: (b) => b.backdateApprovedBy,
    payload: (b) => b,
    respond: (r) => ({ credential: r.credential, application: r.application }),
    responseSchema: CredentialCreated,
    errors: [400, 403, 404, 409, 422],
  }),
  commandRoute('recordSkillGain', {
    path: '/api/v1/applications/:id/skill-gains',
    summary: 'Record a measurable skill gain (R-MSG-1) in a training or individualized activity, with its program year (R-MSG-2)',
    tags: ['outcomes'],
    params: IdParams,
    body: RecordSkillGainBody,
    status: 201,
    backdating: (b) => b.backdateApprovedBy,
    payload: (b) => b,
    respond: (r) => ({ skillGain: r.skillGain, application: r.application }),
    responseSchema: SkillGainCreated,
    errors: [400, 403, 404, 409, 422],
  }),
] as const;
