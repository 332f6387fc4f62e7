/**
 * The §8 outcome records the application state keeps (credentials, measurable skill gains) and how
 * the view shows them. The documentation references (free text, PII) never enter the view: they
 * travel in the outbox to PostgreSQL only.
 */
import { countsForCredentialRate } from '../../domain/credentials';
import { agencyToday, type IsoDate } from '../../domain/dates';
import type { CredentialView, SkillGainView } from './contract';
import type { ApplicationState } from './state';

/** A credential as the state keeps it: the view without the derived `countsForCredentialRate`. */
export type CredentialRecord = Omit<CredentialView, 'countsForCredentialRate'>;
export type SkillGainRecord = SkillGainView;

/** R-CRED-4: each credential with `countsForCredentialRate` as of `now` (agency today). */
export function credentialViews(state: ApplicationState, now: number): CredentialView[] {
  const records = state.credentials;
  if (records.length === 0) return [];
  const today: IsoDate = agencyToday(now, state.input.agencyTimeZone);
  const exit = state.exit ? { type: state.exit.type, exitDate: state.exit.exitDate } : null;
  const followUps = state.followUps.map((f) => ({
    status: f.status,
    ...(f.completion
      ? {
          completion: {
            actualDate: f.completion.actualDate,
            workedInQuarter: f.completion.workedInQuarter,
            employers: f.completion.employers ?? [],
            ...(f.completion.education
              ? {
                  education: {
                    enrolled: f.completion.education.enrolled,
                    leadsToRecognizedCredential: f.completion.education.leadsToRecognizedCredential === true,
                  },
                }
              : {}),
          },
        }
      : {}),
  }));
  return records.map((c) => ({ ...c, countsForCredentialRate: countsForCredentialRate(c, { exit, followUps, today }) }));
}
