-- CreateTable
CREATE TABLE "assessment_sections" (
    "application_id" TEXT NOT NULL,
    "section" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_by" TEXT NOT NULL,

    CONSTRAINT "assessment_sections_pkey" PRIMARY KEY ("application_id","section")
);

-- CreateTable
CREATE TABLE "plans" (
    "id" TEXT NOT NULL,
    "application_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "start_date" DATE NOT NULL,
    "office" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "closed_on" DATE,
    "closed_reason" TEXT,
    "entered_on" DATE NOT NULL,
    "late" BOOLEAN NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "close_entered_on" DATE,
    "close_late" BOOLEAN,
    "closed_by" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "plans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plan_goals" (
    "id" TEXT NOT NULL,
    "plan_id" TEXT NOT NULL,
    "application_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "term" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "program" TEXT NOT NULL,
    "date_established" DATE NOT NULL,
    "estimated_completion_date" DATE NOT NULL,
    "actual_completion_date" DATE,
    "description" TEXT,
    "entered_on" DATE NOT NULL,
    "late" BOOLEAN NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "completion_entered_on" DATE,
    "completion_late" BOOLEAN,
    "completed_by" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "plan_goals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plan_objectives" (
    "id" TEXT NOT NULL,
    "plan_id" TEXT NOT NULL,
    "goal_id" TEXT NOT NULL,
    "application_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "program" TEXT NOT NULL,
    "date_established" DATE NOT NULL,
    "review_date" DATE NOT NULL,
    "description" TEXT,
    "entered_on" DATE NOT NULL,
    "late" BOOLEAN NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "plan_objectives_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plan_objective_reviews" (
    "id" TEXT NOT NULL,
    "plan_id" TEXT NOT NULL,
    "objective_id" TEXT NOT NULL,
    "application_id" TEXT NOT NULL,
    "reviewed_on" DATE NOT NULL,
    "status" TEXT NOT NULL,
    "next_review_date" DATE,
    "note" TEXT NOT NULL,
    "entered_on" DATE NOT NULL,
    "late" BOOLEAN NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "plan_objective_reviews_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plan_services" (
    "plan_id" TEXT NOT NULL,
    "activity_id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,

    CONSTRAINT "plan_services_pkey" PRIMARY KEY ("plan_id","activity_id")
);

-- CreateIndex
CREATE INDEX "plans_application_id_idx" ON "plans"("application_id");

-- CreateIndex
CREATE INDEX "plans_status_idx" ON "plans"("status");

-- CreateIndex
CREATE INDEX "plan_goals_plan_id_idx" ON "plan_goals"("plan_id");

-- CreateIndex
CREATE INDEX "plan_goals_application_id_idx" ON "plan_goals"("application_id");

-- CreateIndex
CREATE INDEX "plan_objectives_goal_id_idx" ON "plan_objectives"("goal_id");

-- CreateIndex
CREATE INDEX "plan_objectives_application_id_idx" ON "plan_objectives"("application_id");

-- CreateIndex
CREATE INDEX "plan_objective_reviews_objective_id_reviewed_on_idx" ON "plan_objective_reviews"("objective_id", "reviewed_on");

-- CreateIndex
CREATE INDEX "plan_services_activity_id_idx" ON "plan_services"("activity_id");

-- AddForeignKey
ALTER TABLE "assessment_sections" ADD CONSTRAINT "assessment_sections_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plans" ADD CONSTRAINT "plans_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_goals" ADD CONSTRAINT "plan_goals_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_objectives" ADD CONSTRAINT "plan_objectives_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_objectives" ADD CONSTRAINT "plan_objectives_goal_id_fkey" FOREIGN KEY ("goal_id") REFERENCES "plan_goals"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_objective_reviews" ADD CONSTRAINT "plan_objective_reviews_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_services" ADD CONSTRAINT "plan_services_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Application views projected before the objective assessment and plans (R-OAS-1, R-IEP-1) have
-- neither: say so explicitly, so every stored view has the API's shape (both are always present).
UPDATE "applications"
SET "view" = "view" || '{"assessment": {"status": "not_started", "sections": [], "completedOn": null}, "plans": []}'::jsonb
WHERE "view"->'assessment' IS NULL;
