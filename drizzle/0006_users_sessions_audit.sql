-- Users of a team: three roles, an approver permission, disabling, and sign-in through an OpenID provider
-- (no local password). Sessions live in a table so that signing out, disabling or deleting a user ends
-- them at once: every request checks its session row.
ALTER TABLE "users" ALTER COLUMN "password_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "approver" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "disabled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "auth_provider" text DEFAULT 'password' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "external_subject" text;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_role_known" CHECK ("role" IN ('admin', 'analyst', 'viewer'));--> statement-breakpoint
CREATE UNIQUE INDEX "users_external_subject_unique" ON "users" ("external_subject") WHERE "external_subject" IS NOT NULL;--> statement-breakpoint
CREATE TABLE "user_sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"address" text
);--> statement-breakpoint
CREATE INDEX "user_sessions_user_idx" ON "user_sessions" ("user_id");--> statement-breakpoint
-- The audit log. No foreign keys: deleting a user must not touch the rows that record what they did.
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" integer,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"outcome" text DEFAULT 'success' NOT NULL,
	"target" text,
	"address" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" ("at" DESC, "id" DESC);--> statement-breakpoint
CREATE INDEX "audit_log_action_at_idx" ON "audit_log" ("action", "at" DESC);--> statement-breakpoint
-- Sign-in throttling counts recent failures per account and per address from the log itself.
CREATE INDEX "audit_log_sign_in_target_idx" ON "audit_log" ("target", "at") WHERE "action" = 'auth.sign_in';--> statement-breakpoint
CREATE INDEX "audit_log_sign_in_address_idx" ON "audit_log" ("address", "at") WHERE "action" = 'auth.sign_in';--> statement-breakpoint
-- Append-only in the database too: whoever holds the app's connection still cannot rewrite history.
CREATE FUNCTION "audit_log_reject_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "audit_log_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION "audit_log_reject_change"();--> statement-breakpoint
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_reject_change"();
