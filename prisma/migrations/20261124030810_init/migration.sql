-- CreateTable
CREATE TABLE "participants" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "birth_date" DATE NOT NULL,
    "ssn_ciphertext" TEXT,
    "ssn_hash" TEXT,
    "ssn_last4" TEXT,
    "pseudo_ssn" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "participants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "applications" (
    "id" TEXT NOT NULL,
    "participant_id" UUID NOT NULL,
    "programs" TEXT[],
    "office" TEXT NOT NULL,
    "case_manager_id" TEXT,
    "status" TEXT NOT NULL,
    "participation_date" DATE,
    "last_service_date" DATE,
    "exit_clock_state" TEXT NOT NULL DEFAULT 'not_started',
    "soft_exit_date" DATE,
    "soft_exit_at" TIMESTAMPTZ(3),
    "exit_type" TEXT,
    "exit_date" DATE,
    "exited_at" TIMESTAMPTZ(3),
    "view" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "applications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "activities" (
    "id" TEXT NOT NULL,
    "application_id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "program" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "actual_begin_date" DATE,
    "projected_begin_date" DATE,
    "projected_end_date" DATE,
    "actual_end_date" DATE,
    "completion_code" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "activities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_notes" (
    "id" TEXT NOT NULL,
    "application_id" TEXT NOT NULL,
    "activity_id" TEXT,
    "contact_date" DATE NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_notes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "follow_ups" (
    "application_id" TEXT NOT NULL,
    "quarter" INTEGER NOT NULL,
    "period_start" DATE NOT NULL,
    "period_end" DATE NOT NULL,
    "due_date" DATE NOT NULL,
    "status" TEXT NOT NULL,
    "completed_on" DATE,
    "contact_attempts" JSONB NOT NULL DEFAULT '[]',
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "follow_ups_pkey" PRIMARY KEY ("application_id","quarter")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "application_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "subject_key" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'open',
    "case_manager_id" TEXT,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "raised_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_entries" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "application_id" TEXT NOT NULL,
    "command_id" TEXT NOT NULL,
    "command" TEXT NOT NULL,
    "actor_id" TEXT NOT NULL,
    "actor_role" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "audit_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_keys" (
    "key" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "body_hash" TEXT NOT NULL,
    "status_code" INTEGER NOT NULL,
    "response_body" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "participants_ssn_hash_key" ON "participants"("ssn_hash");

-- CreateIndex
CREATE INDEX "participants_last_name_first_name_idx" ON "participants"("last_name", "first_name");

-- CreateIndex
CREATE INDEX "applications_participant_id_idx" ON "applications"("participant_id");

-- CreateIndex
CREATE INDEX "applications_case_manager_id_idx" ON "applications"("case_manager_id");

-- CreateIndex
CREATE INDEX "applications_office_idx" ON "applications"("office");

-- CreateIndex
CREATE INDEX "applications_status_idx" ON "applications"("status");

-- CreateIndex
CREATE INDEX "applications_soft_exit_at_idx" ON "applications"("soft_exit_at");

-- CreateIndex
CREATE INDEX "activities_application_id_idx" ON "activities"("application_id");

-- CreateIndex
CREATE INDEX "case_notes_application_id_contact_date_idx" ON "case_notes"("application_id", "contact_date");

-- CreateIndex
CREATE INDEX "case_notes_activity_id_idx" ON "case_notes"("activity_id");

-- CreateIndex
CREATE INDEX "follow_ups_status_due_date_idx" ON "follow_ups"("status", "due_date");

-- CreateIndex
CREATE INDEX "alerts_case_manager_id_status_idx" ON "alerts"("case_manager_id", "status");

-- CreateIndex
CREATE INDEX "alerts_type_status_idx" ON "alerts"("type", "status");

-- CreateIndex
CREATE INDEX "alerts_status_raised_at_idx" ON "alerts"("status", "raised_at");

-- CreateIndex
CREATE UNIQUE INDEX "alerts_application_id_type_subject_key_key" ON "alerts"("application_id", "type", "subject_key");

-- CreateIndex
CREATE INDEX "audit_entries_application_id_at_idx" ON "audit_entries"("application_id", "at");

-- CreateIndex
CREATE UNIQUE INDEX "audit_entries_application_id_command_id_key" ON "audit_entries"("application_id", "command_id");

-- CreateIndex
CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys"("created_at");

-- AddForeignKey
ALTER TABLE "applications" ADD CONSTRAINT "applications_participant_id_fkey" FOREIGN KEY ("participant_id") REFERENCES "participants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activities" ADD CONSTRAINT "activities_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE CASCADE;
