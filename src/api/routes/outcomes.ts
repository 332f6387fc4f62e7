/** §8 outcomes: credentials (R-CRED-1) and measurable skill gains (R-MSG-1), commands on the application. */
import { commandRoutes, type CommandRouteDeps } from './application-command';
import { IdParams } from '../schemas';
import { CredentialCreated, RecordCredentialBody, RecordSkillGainBody, SkillGainCreated } from '../schemas/outcomes';
import { recordCredential, recordSkillGain } from '../../workflows/application/contract';

export function outcomeRoutes(deps: CommandRouteDeps): void {
  const command = commandRoutes(deps);
  command({
    path: '/api/v1/applications/:id/credentials',
    summary: 'Record a credential attained (R-CRED-1; accepted until exit date + 1 year, R-CRED-2)',
    tags: ['outcomes'],
    params: IdParams,
    body: RecordCredentialBody,
    status: 201,
    update: recordCredential,
    backdating: (b) => b.backdateApprovedBy,
    payload: (b) => b,
    respond: (r) => ({ credential: r.credential, application: r.application }),
    responseSchema: CredentialCreated,
    errors: [400, 403, 404, 409, 422],
  });
  command({
    path: '/api/v1/applications/:id/skill-gains',
    summary: 'Record a measurable skill gain (R-MSG-1) in a training or individualized activity, with its program year (R-MSG-2)',
    tags: ['outcomes'],
    params: IdParams,
    body: RecordSkillGainBody,
    status: 201,
    update: recordSkillGain,
    backdating: (b) => b.backdateApprovedBy,
    payload: (b) => b,
    respond: (r) => ({ skillGain: r.skillGain, application: r.application }),
    responseSchema: SkillGainCreated,
    errors: [400, 403, 404, 409, 422],
  });
}
