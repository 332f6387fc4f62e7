-- CreateTable
CREATE TABLE "wage_records" (
    "participant_id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "quarter" INTEGER NOT NULL,
    "fein" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "wages" DECIMAL(14,2) NOT NULL,
    "load_id" BIGINT NOT NULL,
    "loaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "wage_records_pkey" PRIMARY KEY ("participant_id","year","quarter","fein","source")
);

-- CreateTable
CREATE TABLE "wage_loads" (
    "id" BIGSERIAL NOT NULL,
    "loaded_by" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "loaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "file_sha256" TEXT NOT NULL,
    "dry_run" BOOLEAN NOT NULL,
    "rows" INTEGER NOT NULL,
    "matched" INTEGER NOT NULL,
    "unmatched" INTEGER NOT NULL,
    "replaced" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,
    "quarters" TEXT[],

    CONSTRAINT "wage_loads_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "wage_quarter_coverage" (
    "year" INTEGER NOT NULL,
    "quarter" INTEGER NOT NULL,
    "complete" BOOLEAN NOT NULL,
    "marked_by" TEXT NOT NULL,
    "marked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "wage_quarter_coverage_pkey" PRIMARY KEY ("year","quarter")
);

-- CreateIndex
CREATE INDEX "wage_loads_loaded_at_idx" ON "wage_loads"("loaded_at");

-- AddForeignKey
ALTER TABLE "wage_records" ADD CONSTRAINT "wage_records_participant_id_fkey" FOREIGN KEY ("participant_id") REFERENCES "participants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
