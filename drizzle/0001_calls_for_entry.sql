CREATE TYPE "public"."invitation_role" AS ENUM('community_organiser', 'organiser', 'judge', 'mentor', 'support');--> statement-breakpoint
CREATE TYPE "public"."registration_status" AS ENUM('registered', 'waitlisted', 'withdrawn');--> statement-breakpoint
ALTER TYPE "public"."event_status" ADD VALUE 'cancelled' BEFORE 'archived';--> statement-breakpoint
CREATE TABLE "eligibility_questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"question" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "prize_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"theme_id" uuid,
	"sponsor" text DEFAULT '' NOT NULL,
	"support_months" integer DEFAULT 12 NOT NULL,
	CONSTRAINT "prize_categories_support_months" CHECK ("prize_categories"."support_months" between 0 and 60)
);
--> statement-breakpoint
CREATE TABLE "prize_places" (
	"category_id" uuid NOT NULL,
	"place" integer NOT NULL,
	"amount_pence" integer NOT NULL,
	CONSTRAINT "prize_places_category_id_place_pk" PRIMARY KEY("category_id","place"),
	CONSTRAINT "prize_places_place" CHECK ("prize_places"."place" >= 1),
	CONSTRAINT "prize_places_amount" CHECK ("prize_places"."amount_pence" >= 0)
);
--> statement-breakpoint
CREATE TABLE "registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"status" "registration_status" DEFAULT 'registered' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "role_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"role" "invitation_role" NOT NULL,
	"community_id" uuid,
	"event_id" uuid,
	"invited_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "role_invitations_email_lower" CHECK ("role_invitations"."email" = lower("role_invitations"."email")),
	CONSTRAINT "role_invitations_target" CHECK (("role_invitations"."role" = 'community_organiser' and "role_invitations"."community_id" is not null and "role_invitations"."event_id" is null) or ("role_invitations"."role" <> 'community_organiser' and "role_invitations"."event_id" is not null and "role_invitations"."community_id" is null))
);
--> statement-breakpoint
CREATE TABLE "themes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"proposed_by" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "summary" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "description" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "is_online" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "venue_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "venue_address" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "registration_opens_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "registration_closes_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "submissions_open_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "submission_deadline_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "grace_period_minutes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "judging_opens_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "judging_closes_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "results_published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "team_size_min" integer DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "team_size_max" integer DEFAULT 6 NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "capacity" integer;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "eligibility_statement" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "requires_osi_licence" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "requires_data_attestation" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "no_prizes" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "rules" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "cancellation_reason" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "eligibility_questions" ADD CONSTRAINT "eligibility_questions_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prize_categories" ADD CONSTRAINT "prize_categories_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prize_categories" ADD CONSTRAINT "prize_categories_theme_id_themes_id_fk" FOREIGN KEY ("theme_id") REFERENCES "public"."themes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prize_places" ADD CONSTRAINT "prize_places_category_id_prize_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."prize_categories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_invitations" ADD CONSTRAINT "role_invitations_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_invitations" ADD CONSTRAINT "role_invitations_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_invitations" ADD CONSTRAINT "role_invitations_invited_by_user_id_users_id_fk" FOREIGN KEY ("invited_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "themes" ADD CONSTRAINT "themes_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "eligibility_questions_event_id_idx" ON "eligibility_questions" USING btree ("event_id","position");--> statement-breakpoint
CREATE INDEX "prize_categories_event_id_idx" ON "prize_categories" USING btree ("event_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "registrations_event_user_key" ON "registrations" USING btree ("event_id","user_id");--> statement-breakpoint
CREATE INDEX "role_invitations_email_idx" ON "role_invitations" USING btree ("email");--> statement-breakpoint
CREATE INDEX "themes_event_id_idx" ON "themes" USING btree ("event_id","position");--> statement-breakpoint
CREATE INDEX "events_community_id_idx" ON "events" USING btree ("community_id");--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_team_size" CHECK ("events"."team_size_min" >= 1 and "events"."team_size_max" >= "events"."team_size_min");--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_capacity" CHECK ("events"."capacity" is null or "events"."capacity" >= 1);--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_grace" CHECK ("events"."grace_period_minutes" between 0 and 1440);