CREATE TABLE "message_search" (
	"message_id" uuid PRIMARY KEY NOT NULL,
	"conversation_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"document" "tsvector" NOT NULL
);
--> statement-breakpoint
-- Messages written before search moved here: indexed once, before the indexes exist (a bulk load builds them faster).
INSERT INTO "message_search" ("message_id", "conversation_id", "created_at", "document")
  SELECT "id", "conversation_id", "created_at", to_tsvector('simple', "content") FROM "messages";--> statement-breakpoint
DROP INDEX "messages_content_search_idx";--> statement-breakpoint
ALTER TABLE "message_search" ADD CONSTRAINT "message_search_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "message_search_document_idx" ON "message_search" USING gin ("document");--> statement-breakpoint
CREATE INDEX "message_search_conversation_idx" ON "message_search" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "message_search_created_idx" ON "message_search" USING btree ("created_at");