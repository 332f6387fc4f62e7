-- CreateTable
CREATE TABLE "imported_cases" (
    "external_id" TEXT NOT NULL,
    "application_id" TEXT NOT NULL,
    "participant_id" UUID NOT NULL,
    "file_sha256" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "imported_by" TEXT NOT NULL,
    "imported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "imported_cases_pkey" PRIMARY KEY ("external_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "imported_cases_application_id_key" ON "imported_cases"("application_id");
