CREATE TYPE "public"."allocation_status" AS ENUM('draft', 'proposed', 'approved');--> statement-breakpoint
CREATE TYPE "public"."payee_kind" AS ENUM('person', 'organisation');--> statement-breakpoint
CREATE TYPE "public"."payout_status" AS ENUM('awaiting_details', 'ready', 'paid', 'declined', 'forfeited');--> statement-breakpoint
CREATE TYPE "public"."prize_tie_rule" AS ENUM('share_place', 'share_places');--> statement-breakpoint
CREATE TYPE "public"."share_proposal_status" AS ENUM('open', 'agreed', 'declined', 'withdrawn');--> statement-breakpoint
CREATE TABLE "award_shares" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"award_id" uuid NOT NULL,
	"user_id" uuid,
	"position" integer NOT NULL,
	"amount_pence" integer NOT NULL,
	"payee_kind" "payee_kind" DEFAULT 'person' NOT NULL,
	"organisation_name" text DEFAULT '' NOT NULL,
	"status" "payout_status" DEFAULT 'awaiting_details' NOT NULL,
	"paid_on" date,
	"payment_reference" text DEFAULT '' NOT NULL,
	"status_reason" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "award_shares_amount" CHECK ("award_shares"."amount_pence" >= 0),
	CONSTRAINT "award_shares_organisation" CHECK ("award_shares"."payee_kind" = 'person' or btrim("award_shares"."organisation_name") <> ''),
	CONSTRAINT "award_shares_paid" CHECK ("award_shares"."status" <> 'paid' or ("award_shares"."paid_on" is not null and btrim("award_shares"."payment_reference") <> '')),
	CONSTRAINT "award_shares_reason" CHECK ("award_shares"."status" not in ('declined', 'forfeited') or btrim("award_shares"."status_reason") <> '')
);
--> statement-breakpoint
CREATE TABLE "prize_allocations" (
	"event_id" uuid PRIMARY KEY NOT NULL,
	"status" "allocation_status" DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"proposed_by_user_id" uuid,
	"proposed_at" timestamp with time zone,
	"approved_by_user_id" uuid,
	"approved_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "prize_allocations_proposed" CHECK ("prize_allocations"."status" = 'draft' or ("prize_allocations"."proposed_by_user_id" is not null and "prize_allocations"."proposed_at" is not null)),
	CONSTRAINT "prize_allocations_approved" CHECK (("prize_allocations"."status" = 'approved') = ("prize_allocations"."approved_by_user_id" is not null and "prize_allocations"."approved_at" is not null)),
	CONSTRAINT "prize_allocations_two_people" CHECK ("prize_allocations"."approved_by_user_id" <> "prize_allocations"."proposed_by_user_id")
);
--> statement-breakpoint
CREATE TABLE "prize_awards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"category_id" uuid NOT NULL,
	"place" integer NOT NULL,
	"team_id" uuid NOT NULL,
	"amount_pence" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "prize_awards_place" CHECK ("prize_awards"."place" >= 1),
	CONSTRAINT "prize_awards_amount" CHECK ("prize_awards"."amount_pence" >= 0)
);
--> statement-breakpoint
CREATE TABLE "share_proposal_acceptances" (
	"proposal_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "share_proposal_acceptances_proposal_id_user_id_pk" PRIMARY KEY("proposal_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "share_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"award_id" uuid NOT NULL,
	"proposed_by_user_id" uuid,
	"amounts" jsonb NOT NULL,
	"status" "share_proposal_status" DEFAULT 'open' NOT NULL,
	"declined_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "prize_tie_rule" "prize_tie_rule" DEFAULT 'share_place' NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "team_may_win_several" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "results_announced_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "results_ranking_round_id" uuid;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "announcement_emails_sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "prize_categories" ADD COLUMN "ranking_round_id" uuid;--> statement-breakpoint
ALTER TABLE "prize_categories" ADD COLUMN "awards_reason" text;--> statement-breakpoint
ALTER TABLE "award_shares" ADD CONSTRAINT "award_shares_award_id_prize_awards_id_fk" FOREIGN KEY ("award_id") REFERENCES "public"."prize_awards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_shares" ADD CONSTRAINT "award_shares_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prize_allocations" ADD CONSTRAINT "prize_allocations_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prize_allocations" ADD CONSTRAINT "prize_allocations_proposed_by_user_id_users_id_fk" FOREIGN KEY ("proposed_by_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prize_allocations" ADD CONSTRAINT "prize_allocations_approved_by_user_id_users_id_fk" FOREIGN KEY ("approved_by_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prize_awards" ADD CONSTRAINT "prize_awards_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prize_awards" ADD CONSTRAINT "prize_awards_category_id_prize_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."prize_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prize_awards" ADD CONSTRAINT "prize_awards_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_proposal_acceptances" ADD CONSTRAINT "share_proposal_acceptances_proposal_id_share_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."share_proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_proposal_acceptances" ADD CONSTRAINT "share_proposal_acceptances_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_proposals" ADD CONSTRAINT "share_proposals_award_id_prize_awards_id_fk" FOREIGN KEY ("award_id") REFERENCES "public"."prize_awards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_proposals" ADD CONSTRAINT "share_proposals_proposed_by_user_id_users_id_fk" FOREIGN KEY ("proposed_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_proposals" ADD CONSTRAINT "share_proposals_declined_by_user_id_users_id_fk" FOREIGN KEY ("declined_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "award_shares_award_user_key" ON "award_shares" USING btree ("award_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "prize_awards_category_team_key" ON "prize_awards" USING btree ("category_id","team_id");--> statement-breakpoint
CREATE INDEX "prize_awards_event_idx" ON "prize_awards" USING btree ("event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "share_proposals_open_key" ON "share_proposals" USING btree ("award_id") WHERE "share_proposals"."status" = 'open';--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_results_ranking_round_id_judging_rounds_id_fk" FOREIGN KEY ("results_ranking_round_id") REFERENCES "public"."judging_rounds"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prize_categories" ADD CONSTRAINT "prize_categories_ranking_round_id_judging_rounds_id_fk" FOREIGN KEY ("ranking_round_id") REFERENCES "public"."judging_rounds"("id") ON DELETE set null ON UPDATE no action;