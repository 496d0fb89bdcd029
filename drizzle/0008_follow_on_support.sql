CREATE TYPE "public"."milestone_kind" AS ENUM('pilot_started', 'deployed', 'funding_secured', 'clinical_safety', 'users_reached', 'other');--> statement-breakpoint
CREATE TYPE "public"."support_category" AS ENUM('technical_mentoring', 'code_review', 'hosting_deployment', 'interoperability', 'information_governance', 'clinical_safety', 'user_research', 'funding_procurement', 'other');--> statement-breakpoint
CREATE TYPE "public"."support_message_kind" AS ENUM('team', 'reply', 'note');--> statement-breakpoint
CREATE TYPE "public"."support_priority" AS ENUM('low', 'normal', 'high', 'urgent');--> statement-breakpoint
CREATE TYPE "public"."support_status" AS ENUM('open', 'triaged', 'in_progress', 'waiting_on_team', 'resolved', 'closed');--> statement-breakpoint
CREATE TABLE "support_digests" (
	"community_id" uuid NOT NULL,
	"day" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "support_digests_community_id_day_pk" PRIMARY KEY("community_id","day")
);
--> statement-breakpoint
CREATE TABLE "support_entitlements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"budget_minutes" integer,
	"ending_reminder_sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "support_entitlements_window" CHECK ("support_entitlements"."ends_at" > "support_entitlements"."starts_at"),
	CONSTRAINT "support_entitlements_budget" CHECK ("support_entitlements"."budget_minutes" is null or "support_entitlements"."budget_minutes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "support_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"author_user_id" uuid,
	"kind" "support_message_kind" NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"minutes_spent" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "support_messages_minutes" CHECK ("support_messages"."minutes_spent" between 0 and 1440),
	CONSTRAINT "support_messages_team_time" CHECK ("support_messages"."kind" <> 'team' or "support_messages"."minutes_spent" = 0)
);
--> statement-breakpoint
CREATE TABLE "support_milestones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"author_user_id" uuid,
	"kind" "milestone_kind" NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"achieved_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entitlement_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"created_by_user_id" uuid,
	"title" text NOT NULL,
	"category" "support_category" NOT NULL,
	"description" text NOT NULL,
	"priority" "support_priority" DEFAULT 'normal' NOT NULL,
	"repository_url" text DEFAULT '' NOT NULL,
	"status" "support_status" DEFAULT 'open' NOT NULL,
	"assignee_user_id" uuid,
	"first_response_due_at" timestamp with time zone NOT NULL,
	"first_responded_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "communities" ADD COLUMN "support_response_working_days" integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "support_digests" ADD CONSTRAINT "support_digests_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_entitlements" ADD CONSTRAINT "support_entitlements_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_entitlements" ADD CONSTRAINT "support_entitlements_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_messages" ADD CONSTRAINT "support_messages_request_id_support_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."support_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_messages" ADD CONSTRAINT "support_messages_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_milestones" ADD CONSTRAINT "support_milestones_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_milestones" ADD CONSTRAINT "support_milestones_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_milestones" ADD CONSTRAINT "support_milestones_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_requests" ADD CONSTRAINT "support_requests_entitlement_id_support_entitlements_id_fk" FOREIGN KEY ("entitlement_id") REFERENCES "public"."support_entitlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_requests" ADD CONSTRAINT "support_requests_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_requests" ADD CONSTRAINT "support_requests_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_requests" ADD CONSTRAINT "support_requests_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_requests" ADD CONSTRAINT "support_requests_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "support_entitlements_team_key" ON "support_entitlements" USING btree ("event_id","team_id");--> statement-breakpoint
CREATE INDEX "support_messages_request_idx" ON "support_messages" USING btree ("request_id","id");--> statement-breakpoint
CREATE INDEX "support_milestones_team_idx" ON "support_milestones" USING btree ("team_id","achieved_on");--> statement-breakpoint
CREATE INDEX "support_requests_event_idx" ON "support_requests" USING btree ("event_id","status");--> statement-breakpoint
CREATE INDEX "support_requests_team_idx" ON "support_requests" USING btree ("team_id");--> statement-breakpoint
ALTER TABLE "communities" ADD CONSTRAINT "communities_support_days" CHECK ("communities"."support_response_working_days" between 1 and 30);