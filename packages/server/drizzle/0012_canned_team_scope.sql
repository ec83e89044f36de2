ALTER TABLE "canned_responses" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "canned_responses" ADD COLUMN "last_used_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "canned_responses" ADD CONSTRAINT "canned_responses_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "canned_responses_team_idx" ON "canned_responses" USING btree ("team_id");--> statement-breakpoint
ALTER TABLE "canned_responses" ADD CONSTRAINT "canned_responses_one_scope_check" CHECK ("canned_responses"."agent_id" is null or "canned_responses"."team_id" is null);