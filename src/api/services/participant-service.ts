import { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../db/client';
import type { Actor } from '../../workflows/application/contract';
import { normalizeSsn, pseudoSsn, ssnLast4 } from '../../domain/participants';
import { dbDate } from '../../activities/projection';
import { ProblemError } from '../problem';
import type { SsnProtector } from './pii';

export interface NewParticipant {
  firstName: string;
  lastName: string;
  birthDate: string;
  ssn?: string;
}

export interface ParticipantCreatedView {
  id: string;
  /** R-PART-1: the last four digits of the SSN, or of the pseudo-SSN when one was assigned. */
  ssnLast4: string;
  /** R-PART-1: was a pseudo-SSN assigned (no SSN given)? The pseudo-SSN itself is never returned. */
  pseudoSsn: boolean;
  /** R-RPT-8: PIRL 100 (assigned by the database at creation). */
  pirlId: string;
}

/** Participants live in PostgreSQL only (PII never enters workflow state unencrypted). */
export class ParticipantService {
  constructor(
    private readonly db: Db,
    private readonly ssn: SsnProtector,
  ) {}

  async create(actor: Actor, input: NewParticipant): Promise<ParticipantCreatedView> {
    // R-PART-1: SSA-valid only (no 000/666/9xx area, 00 group, 0000 serial): a 9xx number could collide
    // with a 975-… pseudo-SSN. INVALID_SSN (400) never echoes the value.
    const digits = input.ssn === undefined ? undefined : normalizeSsn(input.ssn).replace(/-/g, '');
    // The pseudo-SSN encodes the birth date: only its last four digits and the fact are kept and answered.
    const last4 = ssnLast4(digits ?? pseudoSsn(input.birthDate));
    try {
      const row = await this.db.participant.create({
        data: {
          firstName: input.firstName,
          lastName: input.lastName,
          birthDate: dbDate(input.birthDate) as Date,
          ssnCiphertext: digits ? this.ssn.encrypt(digits) : null,
          ssnHash: digits ? this.ssn.hash(digits) : null,
          ssnLast4: last4,
          pseudoSsn: !digits,
          createdBy: actor.staffId,
        },
      });
      return { id: row.id, ssnLast4: last4, pseudoSsn: !digits, pirlId: row.pirlId };
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
        throw new ProblemError(409, 'DUPLICATE_SSN', 'A participant with this SSN already exists');
      }
      throw err;
    }
  }

  async exists(id: string): Promise<boolean> {
    return (await this.db.participant.count({ where: { id } })) > 0;
  }

  /** Who a case is about, for its page's header: name, PIRL id and the SSN's last four (never the SSN). */
  summary(id: string) {
    return this.db.participant.findUnique({
      where: { id },
      select: { id: true, firstName: true, lastName: true, pirlId: true, ssnLast4: true, pseudoSsn: true },
    });
  }
}
