-- The seed's six tables, column for column (issue 11): new columns are backfilled before they become NOT NULL,
-- renamed columns are copied before the old ones go, and triggers keep the denormalised names true.

-- conversations.channel is exactly the seed's web | mobile | email ('sms' and 'api' were never written).
ALTER TABLE "conversations" DROP CONSTRAINT "conversations_channel_check";--> statement-breakpoint
UPDATE "conversations" SET "channel" = 'web' WHERE "channel" NOT IN ('web', 'mobile', 'email');--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_channel_check" CHECK ("conversations"."channel" in ('web', 'mobile', 'email'));--> statement-breakpoint

-- agents: user_id, primary team, average_rating; average_response_time in whole seconds, 0 until measured.
ALTER TABLE "agents" ADD COLUMN "user_id" uuid;--> statement-breakpoint
UPDATE "agents" a SET "user_id" = u."id" FROM "users" u WHERE u."agent_id" = a."id";--> statement-breakpoint
ALTER TABLE "agents" ALTER COLUMN "user_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "team_name" text;--> statement-breakpoint
UPDATE "agents" a SET "team_id" = (
  SELECT tm."team_id" FROM "team_members" tm WHERE tm."agent_id" = a."id" ORDER BY tm."created_at", tm."team_id" LIMIT 1
);--> statement-breakpoint
UPDATE "agents" a SET "team_name" = t."name" FROM "teams" t WHERE t."id" = a."team_id";--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "average_rating" numeric DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "agents" a SET "average_rating" = coalesce((
  SELECT round(avg(r."rating"), 2) FROM "conversation_ratings" r JOIN "conversations" c ON c."id" = r."conversation_id"
  WHERE c."agent_id" = a."id"
), 0);--> statement-breakpoint
ALTER TABLE "agents" ALTER COLUMN "average_response_time" SET DATA TYPE integer USING round(coalesce("average_response_time", 0))::integer;--> statement-breakpoint
ALTER TABLE "agents" ALTER COLUMN "average_response_time" SET DEFAULT 0;--> statement-breakpoint
ALTER TABLE "agents" ALTER COLUMN "average_response_time" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agents_user_idx" ON "agents" USING btree ("user_id");--> statement-breakpoint

-- conversations: agent_name, started_at, and a display name for every customer ("Visitor 4821" when anonymous;
-- the same number as visitorDisplayName() gives in code: md5 of the customer id).
ALTER TABLE "conversations" ADD COLUMN "agent_name" text;--> statement-breakpoint
UPDATE "conversations" c SET "agent_name" = a."name" FROM "agents" a WHERE a."id" = c."agent_id";--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "started_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
UPDATE "conversations" SET "started_at" = "created_at";--> statement-breakpoint
UPDATE "conversations" SET "customer_name" = 'Visitor ' || (1000 + (('x' || substr(md5("customer_id"), 1, 7))::bit(28)::int % 9000))
  WHERE "customer_name" IS NULL OR btrim("customer_name") = '';--> statement-breakpoint
ALTER TABLE "conversations" ALTER COLUMN "customer_name" SET NOT NULL;--> statement-breakpoint

-- messages: metadata, and a sender on every message (system messages: 'system' / 'System').
ALTER TABLE "messages" ADD COLUMN "metadata" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
UPDATE "messages" SET "sender_id" = 'system' WHERE "sender_id" IS NULL AND "sender_type" = 'system';--> statement-breakpoint
UPDATE "messages" SET "sender_name" = 'System' WHERE "sender_name" IS NULL AND "sender_type" = 'system';--> statement-breakpoint
UPDATE "messages" m SET "sender_id" = coalesce(m."sender_id", c."customer_id"), "sender_name" = coalesce(m."sender_name", c."customer_name")
  FROM "conversations" c WHERE c."id" = m."conversation_id" AND m."sender_type" = 'customer' AND (m."sender_id" IS NULL OR m."sender_name" IS NULL);--> statement-breakpoint
UPDATE "messages" SET "sender_id" = coalesce("sender_id", 'unknown'), "sender_name" = coalesce("sender_name", 'Agent')
  WHERE "sender_id" IS NULL OR "sender_name" IS NULL;--> statement-breakpoint
ALTER TABLE "messages" ALTER COLUMN "sender_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ALTER COLUMN "sender_name" SET NOT NULL;--> statement-breakpoint

-- tickets: the seed's assigned_agent_* / assigned_team_* (were assignee_id / team_id), metadata, a customer name.
ALTER TABLE "tickets" ADD COLUMN "assigned_agent_id" uuid;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "assigned_agent_name" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "assigned_team_id" uuid;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "assigned_team_name" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "metadata" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
UPDATE "tickets" SET "assigned_agent_id" = "assignee_id", "assigned_team_id" = "team_id";--> statement-breakpoint
UPDATE "tickets" t SET "assigned_agent_name" = a."name" FROM "agents" a WHERE a."id" = t."assigned_agent_id";--> statement-breakpoint
UPDATE "tickets" t SET "assigned_team_name" = tm."name" FROM "teams" tm WHERE tm."id" = t."assigned_team_id";--> statement-breakpoint
UPDATE "tickets" t SET "customer_name" = c."customer_name" FROM "conversations" c
  WHERE c."id" = t."conversation_id" AND (t."customer_name" IS NULL OR btrim(t."customer_name") = '');--> statement-breakpoint
ALTER TABLE "tickets" ALTER COLUMN "customer_name" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" DROP CONSTRAINT "tickets_assignee_id_agents_id_fk";--> statement-breakpoint
ALTER TABLE "tickets" DROP CONSTRAINT "tickets_team_id_teams_id_fk";--> statement-breakpoint
DROP INDEX "tickets_assignee_idx";--> statement-breakpoint
ALTER TABLE "tickets" DROP COLUMN "assignee_id";--> statement-breakpoint
ALTER TABLE "tickets" DROP COLUMN "team_id";--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_assigned_agent_id_agents_id_fk" FOREIGN KEY ("assigned_agent_id") REFERENCES "public"."agents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_assigned_team_id_teams_id_fk" FOREIGN KEY ("assigned_team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tickets_assigned_agent_idx" ON "tickets" USING btree ("assigned_agent_id");--> statement-breakpoint
CREATE INDEX "tickets_assigned_team_idx" ON "tickets" USING btree ("assigned_team_id");--> statement-breakpoint

-- canned_responses.created_by: the author; older rows get their agent's user, shared ones the first admin.
ALTER TABLE "canned_responses" ADD COLUMN "created_by" uuid;--> statement-breakpoint
UPDATE "canned_responses" cr SET "created_by" = coalesce(
  (SELECT u."id" FROM "users" u WHERE u."agent_id" = cr."agent_id" LIMIT 1),
  (SELECT u."id" FROM "users" u ORDER BY (u."role" = 'admin') DESC, u."created_at" LIMIT 1)
);--> statement-breakpoint
ALTER TABLE "canned_responses" ALTER COLUMN "created_by" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "canned_responses" ADD CONSTRAINT "canned_responses_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint

-- chat_analytics: the seed's column names and the columns it adds (nothing filled the table yet).
ALTER TABLE "chat_analytics" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "chat_analytics" ADD COLUMN "total_messages" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "chat_analytics" ADD COLUMN "average_response_time" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "chat_analytics" ADD COLUMN "average_resolution_time" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "chat_analytics" ADD COLUMN "customer_satisfaction_score" numeric;--> statement-breakpoint
ALTER TABLE "chat_analytics" ADD COLUMN "first_contact_resolution_rate" numeric DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "chat_analytics" ADD COLUMN "metadata" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
UPDATE "chat_analytics" SET "total_messages" = "messages_sent",
  "average_response_time" = round(coalesce("avg_first_response_seconds", 0))::integer,
  "average_resolution_time" = round(coalesce("avg_resolution_seconds", 0))::integer,
  "customer_satisfaction_score" = "customer_satisfaction";--> statement-breakpoint
ALTER TABLE "chat_analytics" DROP COLUMN "messages_sent";--> statement-breakpoint
ALTER TABLE "chat_analytics" DROP COLUMN "avg_first_response_seconds";--> statement-breakpoint
ALTER TABLE "chat_analytics" DROP COLUMN "avg_resolution_seconds";--> statement-breakpoint
ALTER TABLE "chat_analytics" DROP COLUMN "customer_satisfaction";--> statement-breakpoint
ALTER TABLE "chat_analytics" ADD CONSTRAINT "chat_analytics_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint

-- Denormalised names, kept true in the same transaction as whatever changes them (every code path, both
-- databases): an id column set on insert or update looks its name up; a rename rewrites every copy.
CREATE FUNCTION "sc_conversation_agent_name"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.agent_id IS NULL THEN
    NEW.agent_name := NULL;
  ELSIF TG_OP = 'INSERT' OR NEW.agent_id IS DISTINCT FROM OLD.agent_id OR NEW.agent_name IS NULL THEN
    SELECT a.name INTO NEW.agent_name FROM agents a WHERE a.id = NEW.agent_id;
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "conversations_agent_name" BEFORE INSERT OR UPDATE OF "agent_id" ON "conversations"
  FOR EACH ROW EXECUTE FUNCTION "sc_conversation_agent_name"();--> statement-breakpoint
CREATE FUNCTION "sc_ticket_assigned_names"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.assigned_agent_id IS NULL THEN
    NEW.assigned_agent_name := NULL;
  ELSIF TG_OP = 'INSERT' OR NEW.assigned_agent_id IS DISTINCT FROM OLD.assigned_agent_id THEN
    SELECT a.name INTO NEW.assigned_agent_name FROM agents a WHERE a.id = NEW.assigned_agent_id;
  END IF;
  IF NEW.assigned_team_id IS NULL THEN
    NEW.assigned_team_name := NULL;
  ELSIF TG_OP = 'INSERT' OR NEW.assigned_team_id IS DISTINCT FROM OLD.assigned_team_id THEN
    SELECT t.name INTO NEW.assigned_team_name FROM teams t WHERE t.id = NEW.assigned_team_id;
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "tickets_assigned_names" BEFORE INSERT OR UPDATE OF "assigned_agent_id", "assigned_team_id" ON "tickets"
  FOR EACH ROW EXECUTE FUNCTION "sc_ticket_assigned_names"();--> statement-breakpoint
CREATE FUNCTION "sc_agent_team_name"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.team_id IS NULL THEN
    NEW.team_name := NULL;
  ELSIF TG_OP = 'INSERT' OR NEW.team_id IS DISTINCT FROM OLD.team_id THEN
    SELECT t.name INTO NEW.team_name FROM teams t WHERE t.id = NEW.team_id;
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "agents_team_name" BEFORE INSERT OR UPDATE OF "team_id" ON "agents"
  FOR EACH ROW EXECUTE FUNCTION "sc_agent_team_name"();--> statement-breakpoint
CREATE FUNCTION "sc_agent_renamed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE conversations SET agent_name = NEW.name WHERE agent_id = NEW.id;
  UPDATE tickets SET assigned_agent_name = NEW.name WHERE assigned_agent_id = NEW.id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "agents_renamed" AFTER UPDATE OF "name" ON "agents"
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION "sc_agent_renamed"();--> statement-breakpoint
CREATE FUNCTION "sc_team_renamed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE agents SET team_name = NEW.name WHERE team_id = NEW.id;
  UPDATE tickets SET assigned_team_name = NEW.name WHERE assigned_team_id = NEW.id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "teams_renamed" AFTER UPDATE OF "name" ON "teams"
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION "sc_team_renamed"();
