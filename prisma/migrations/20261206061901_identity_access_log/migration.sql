-- CreateTable
CREATE TABLE "staff" (
    "id" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "offices" TEXT[],
    "source" TEXT NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_log" (
    "id" BIGSERIAL NOT NULL,
    "staff_id" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "application_id" TEXT,
    "participant_id" TEXT,
    "office" TEXT,
    "request_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "access_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "access_log_application_id_at_idx" ON "access_log"("application_id", "at");

-- CreateIndex
CREATE INDEX "access_log_participant_id_at_idx" ON "access_log"("participant_id", "at");

-- CreateIndex
CREATE INDEX "access_log_staff_id_at_idx" ON "access_log"("staff_id", "at");

-- CreateIndex
CREATE INDEX "access_log_office_at_idx" ON "access_log"("office", "at");

-- CreateIndex
CREATE INDEX "access_log_at_idx" ON "access_log"("at");

-- §11 R-AUDIT-1: the access log is append-only. Triggers apply to every role, the table's owner
-- included (only a superuser who turns triggers off for a session could get around them).
CREATE FUNCTION wioa_access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'access_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$fn$;

CREATE TRIGGER access_log_no_update BEFORE UPDATE ON "access_log" FOR EACH ROW EXECUTE FUNCTION wioa_access_log_append_only();
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON "access_log" FOR EACH ROW EXECUTE FUNCTION wioa_access_log_append_only();
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON "access_log" FOR EACH STATEMENT EXECUTE FUNCTION wioa_access_log_append_only();
