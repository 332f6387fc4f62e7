-- R-PART-1 (amended): a pseudo-SSN is PII like an SSN (it encodes the birth date). It is no longer
-- stored in plain text nor returned in full: participants keep a flag (was one assigned?) and the last
-- four digits in ssn_last4, like an SSN. The pseudo-SSN itself is derived from birth_date when needed.

-- AlterTable
ALTER TABLE "participants" ADD COLUMN     "pseudo_ssn_assigned" BOOLEAN NOT NULL DEFAULT false;

-- Stored participants: keep what the plain-text column said, then drop it.
UPDATE "participants"
SET "pseudo_ssn_assigned" = true,
    "ssn_last4" = right("pseudo_ssn", 4)
WHERE "pseudo_ssn" IS NOT NULL;

ALTER TABLE "participants" DROP COLUMN "pseudo_ssn";

-- Stored answers of POST /api/v1/participants (Idempotency-Key replays) held the full pseudo-SSN:
-- rewrite them to the amended shape {id, ssnLast4, pseudoSsn: boolean}.
UPDATE "idempotency_keys"
SET "response_body" = jsonb_set(
      jsonb_set("response_body", '{ssnLast4}', to_jsonb(right("response_body"->>'pseudoSsn', 4))),
      '{pseudoSsn}', 'true'::jsonb)
WHERE rtrim("path", '/') = '/api/v1/participants'
  AND jsonb_typeof("response_body"->'pseudoSsn') = 'string';

UPDATE "idempotency_keys"
SET "response_body" = jsonb_set("response_body", '{pseudoSsn}', 'false'::jsonb)
WHERE rtrim("path", '/') = '/api/v1/participants'
  AND jsonb_typeof("response_body"->'pseudoSsn') = 'null';
