ALTER TABLE "tickets" ADD COLUMN "first_response_due_at" timestamp with time zone;--> statement-breakpoint
UPDATE "tickets" SET "first_response_due_at" = "sla_due_at";--> statement-breakpoint
ALTER TABLE "tickets" ALTER COLUMN "first_response_due_at" SET NOT NULL;
