CREATE TABLE "chat_analytics_days" (
	"date" date PRIMARY KEY NOT NULL,
	"time_zone" text NOT NULL,
	"computed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agent_status_periods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agent_id" uuid NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "chat_analytics" DROP CONSTRAINT "chat_analytics_agent_id_agents_id_fk";
--> statement-breakpoint
ALTER TABLE "chat_analytics" DROP CONSTRAINT "chat_analytics_team_id_teams_id_fk";
--> statement-breakpoint
DROP INDEX "messages_agent_created_idx";--> statement-breakpoint
ALTER TABLE "chat_analytics" ADD COLUMN "site_id" uuid;--> statement-breakpoint
ALTER TABLE "chat_analytics" ADD COLUMN "channel" text;--> statement-breakpoint
ALTER TABLE "agent_status_periods" ADD CONSTRAINT "agent_status_periods_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agent_status_periods_agent_idx" ON "agent_status_periods" USING btree ("agent_id","started_at");--> statement-breakpoint
CREATE INDEX "agent_status_periods_ended_idx" ON "agent_status_periods" USING btree ("ended_at");--> statement-breakpoint
ALTER TABLE "chat_analytics" ADD CONSTRAINT "chat_analytics_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_analytics" ADD CONSTRAINT "chat_analytics_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_analytics" ADD CONSTRAINT "chat_analytics_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversations_created_idx" ON "conversations" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "conversations_first_response_idx" ON "conversations" USING btree ("first_response_at");--> statement-breakpoint
CREATE INDEX "conversations_assigned_idx" ON "conversations" USING btree ("assigned_at");--> statement-breakpoint
CREATE INDEX "conversations_resolved_idx" ON "conversations" USING btree ("resolved_at");--> statement-breakpoint
CREATE INDEX "messages_created_idx" ON "messages" USING btree ("created_at");--> statement-breakpoint
ALTER TABLE "chat_analytics" ADD CONSTRAINT "chat_analytics_channel_check" CHECK ("chat_analytics"."channel" is null or "chat_analytics"."channel" in ('web', 'mobile', 'email'));--> statement-breakpoint
-- Every status change closes the agent's open period and opens the next, whoever made it. The time is the row's
-- updated_at (every status write sets it to the app's clock), so tests on a fake clock count exactly.
CREATE FUNCTION "sc_agent_status_period"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE at timestamptz := coalesce(NEW.updated_at, now());
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.status IS NOT DISTINCT FROM OLD.status THEN RETURN NEW; END IF;
    UPDATE agent_status_periods SET ended_at = greatest(started_at, at) WHERE agent_id = NEW.id AND ended_at IS NULL;
  END IF;
  INSERT INTO agent_status_periods (agent_id, status, started_at) VALUES (NEW.id, NEW.status, at);
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "agents_status_period" AFTER INSERT OR UPDATE OF "status" ON "agents"
  FOR EACH ROW EXECUTE FUNCTION "sc_agent_status_period"();--> statement-breakpoint
-- Agents that exist today start their history in the status they are in, from now.
INSERT INTO "agent_status_periods" ("agent_id", "status", "started_at") SELECT "id", "status", now() FROM "agents";
