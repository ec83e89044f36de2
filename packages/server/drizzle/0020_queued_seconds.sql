ALTER TABLE "conversations" ADD COLUMN "queued_seconds" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- History, as far as it can be told: the last wait of every conversation that left the queue (earlier waits of a
-- conversation queued twice were not kept before this column).
UPDATE "conversations" SET "queued_seconds" = greatest(0, round(extract(epoch from (
  coalesce("assigned_at", "resolved_at", "closed_at") - "queued_at"))))::int
  WHERE "queued_at" IS NOT NULL AND "status" <> 'queued' AND coalesce("assigned_at", "resolved_at", "closed_at") IS NOT NULL;
