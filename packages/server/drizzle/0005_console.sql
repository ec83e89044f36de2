ALTER TABLE "messages" ADD COLUMN "is_private" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "messages_content_search_idx" ON "messages" USING gin (to_tsvector('simple', "content"));--> statement-breakpoint
CREATE UNIQUE INDEX "canned_responses_shared_shortcut_idx" ON "canned_responses" USING btree ("shortcut") WHERE "canned_responses"."agent_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "canned_responses_agent_shortcut_idx" ON "canned_responses" USING btree ("agent_id","shortcut") WHERE "canned_responses"."agent_id" is not null;