ALTER TABLE "tickets" ADD COLUMN "first_response_warned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "first_response_breached_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "resolution_warned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "resolution_breached_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "sla_breached_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "sla_breached_target" text;--> statement-breakpoint
CREATE INDEX "tickets_open_first_response_due_idx" ON "tickets" USING btree ("first_response_due_at") WHERE "tickets"."status" not in ('resolved', 'closed');--> statement-breakpoint
CREATE INDEX "tickets_open_sla_due_idx" ON "tickets" USING btree ("sla_due_at") WHERE "tickets"."status" not in ('resolved', 'closed');--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_sla_breached_target_check" CHECK ("tickets"."sla_breached_target" in ('first_response', 'resolution'));--> statement-breakpoint
-- Tickets already past a target when the watcher arrives are recorded as missed now, without a flood of alerts.
UPDATE "tickets" SET "first_response_warned_at" = now(), "first_response_breached_at" = now(),
  "sla_breached_at" = now(), "sla_breached_target" = 'first_response'
  WHERE "status" NOT IN ('resolved', 'closed') AND "first_response_at" IS NULL AND "first_response_due_at" <= now();--> statement-breakpoint
UPDATE "tickets" SET "resolution_warned_at" = now(), "resolution_breached_at" = now(),
  "sla_breached_at" = coalesce("sla_breached_at", now()), "sla_breached_target" = coalesce("sla_breached_target", 'resolution')
  WHERE "status" NOT IN ('resolved', 'closed') AND "sla_due_at" <= now();
