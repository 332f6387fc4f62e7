import type { ApiToken } from '../../config';
import { ProblemError } from '../problem';

/**
 * R-ACT-4: `backdateApprovedBy` must name a supervisor. The supervisors the service knows are the
 * staff ids with the supervisor role in API_TOKENS.
 */
export class BackdateApprovers {
  private readonly supervisors: Set<string>;

  constructor(tokens: ApiToken[]) {
    this.supervisors = new Set(tokens.filter((t) => t.role === 'supervisor').map((t) => t.staffId));
  }

  check(staffId: string): void {
    if (!this.supervisors.has(staffId)) {
      throw new ProblemError(422, 'BACKDATE_APPROVER_NOT_SUPERVISOR', `backdateApprovedBy '${staffId}' is not a known supervisor`);
    }
  }
}
