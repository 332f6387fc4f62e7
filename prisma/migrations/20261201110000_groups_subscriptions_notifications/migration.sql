-- SPEC §9: case management groups (R-GRP-1), alert subscriptions (R-SUB-1), notifications and the
-- daily job's memory (R-SUB-2) and e-mail digests (R-SUB-3).

-- CreateTable
CREATE TABLE "case_management_groups" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "name_key" TEXT NOT NULL,
    "office" TEXT NOT NULL,
    "programs" TEXT[],
    "lead_staff_id" TEXT NOT NULL,
    "member_staff_ids" TEXT[],
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_management_groups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_subscriptions" (
    "staff_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "days" INTEGER,
    "notify" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_subscriptions_pkey" PRIMARY KEY ("staff_id","type")
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "staff_id" TEXT NOT NULL,
    "application_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "subject_key" TEXT NOT NULL DEFAULT '',
    "day" DATE NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_at" TIMESTAMPTZ(3),

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_conditions" (
    "staff_id" TEXT NOT NULL,
    "application_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "subject_key" TEXT NOT NULL DEFAULT '',
    "last_held_day" DATE NOT NULL,
    "episode_start" DATE NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_conditions_pkey" PRIMARY KEY ("staff_id","application_id","type","subject_key")
);

-- CreateTable
CREATE TABLE "notification_digests" (
    "staff_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "claimed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    "item_count" INTEGER NOT NULL,

    CONSTRAINT "notification_digests_pkey" PRIMARY KEY ("staff_id","day")
);

-- CreateIndex
CREATE INDEX "case_management_groups_office_idx" ON "case_management_groups"("office");

-- CreateIndex
CREATE UNIQUE INDEX "case_management_groups_office_name_key_key" ON "case_management_groups"("office", "name_key");

-- CreateIndex
CREATE INDEX "notifications_staff_id_day_idx" ON "notifications"("staff_id", "day");

-- CreateIndex
CREATE UNIQUE INDEX "notifications_staff_id_application_id_type_subject_key_day_key" ON "notifications"("staff_id", "application_id", "type", "subject_key", "day");
