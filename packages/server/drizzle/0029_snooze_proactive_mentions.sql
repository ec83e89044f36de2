ALTER TABLE "sites" ALTER COLUMN "widget" SET DEFAULT '{"accentColor":"#2563eb","position":"right","teamName":"","greeting":"","launcherText":"","offlineMode":"form","proactive":[]}'::jsonb;--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "notifications" SET DEFAULT '{"queued":true,"assigned":true,"messages":true,"sound":true,"email":true,"emailAfterMinutes":5,"mentions":true}'::jsonb;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "snoozed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "snoozed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "unsnoozed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "conversations_snoozed_until_idx" ON "conversations" USING btree ("snoozed_until") WHERE "conversations"."snoozed_until" is not null;