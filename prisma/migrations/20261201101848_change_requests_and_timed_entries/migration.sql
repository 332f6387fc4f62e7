-- CreateTable
CREATE TABLE "change_requests" (
    "id" TEXT NOT NULL,
    "application_id" TEXT NOT NULL,
    "target_kind" TEXT NOT NULL,
    "activity_id" TEXT,
    "changes" JSONB NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "decided_by" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "reason" TEXT,
    "rejection_reason" TEXT,

    CONSTRAINT "change_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "timed_entries" (
    "application_id" TEXT NOT NULL,
    "office" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "entry_id" TEXT NOT NULL,
    "staff_id" TEXT NOT NULL,
    "dated_on" DATE NOT NULL,
    "entered_on" DATE NOT NULL,
    "late" BOOLEAN NOT NULL,

    CONSTRAINT "timed_entries_pkey" PRIMARY KEY ("application_id","kind","entry_id")
);

-- CreateIndex
CREATE INDEX "change_requests_application_id_idx" ON "change_requests"("application_id");

-- CreateIndex
CREATE INDEX "change_requests_status_idx" ON "change_requests"("status");

-- CreateIndex
CREATE INDEX "timed_entries_entered_on_office_idx" ON "timed_entries"("entered_on", "office");

-- CreateIndex
CREATE INDEX "timed_entries_staff_id_entered_on_idx" ON "timed_entries"("staff_id", "entered_on");
