import { ProblemError } from '../problem';

/**
 * R-ACT-4: `backdateApprovedBy` must name a supervisor. The supervisors the service knows are those of
 * the staff directory (§11 R-AUTH-2: API_TOKENS' supervisors, and supervisors signed in through OIDC).
 */
export class BackdateApprovers {
  constructor(private readonly isSupervisor: (staffId: string) => Promise<boolean>) {}

  async check(staffId: string): Promise<void> {
    if (!(await this.isSupervisor(staffId))) {
      throw new ProblemError(422, 'BACKDATE_APPROVER_NOT_SUPERVISOR', `backdateApprovedBy '${staffId}' is not a known supervisor`);
    }
  }
}
