-- SPEC 8 outcomes: credentials (R-CRED-1..4) and measurable skill gains (R-MSG-1..2), written by the
-- projection activity once per accepted command; documentation references (PII) live only here.

-- CreateTable
CREATE TABLE "credentials" (
    "id" TEXT NOT NULL,
    "application_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "attained_on" DATE NOT NULL,
    "activity_id" TEXT NOT NULL,
    "verification_method" TEXT NOT NULL,
    "documentation_ref" TEXT,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,
    "entered_on" DATE NOT NULL,
    "late" BOOLEAN NOT NULL,
    "counts_for_credential_rate" BOOLEAN,

    CONSTRAINT "credentials_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "skill_gains" (
    "id" TEXT NOT NULL,
    "application_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "achieved_on" DATE NOT NULL,
    "program_year" TEXT NOT NULL,
    "activity_id" TEXT NOT NULL,
    "documentation_ref" TEXT NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,
    "entered_on" DATE NOT NULL,
    "late" BOOLEAN NOT NULL,

    CONSTRAINT "skill_gains_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "credentials_application_id_idx" ON "credentials"("application_id");

-- CreateIndex
CREATE INDEX "credentials_attained_on_idx" ON "credentials"("attained_on");

-- CreateIndex
CREATE INDEX "skill_gains_application_id_idx" ON "skill_gains"("application_id");

-- CreateIndex
CREATE INDEX "skill_gains_program_year_type_idx" ON "skill_gains"("program_year", "type");

-- AddForeignKey
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "skill_gains" ADD CONSTRAINT "skill_gains_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Application views projected before SPEC 8 list no credentials and no skill gains: say so explicitly,
-- so every stored view has the shape of the API's (both lists are always present).
UPDATE "applications"
SET "view" = "view" || '{"credentials": [], "skillGains": []}'::jsonb
WHERE "view"->'credentials' IS NULL;
