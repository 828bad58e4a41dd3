CREATE TABLE "feed_imports" (
	"feed" text PRIMARY KEY NOT NULL,
	"rows" bigint NOT NULL,
	"header" text NOT NULL,
	"run_id" bigint,
	"imported_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "run_product_changes" (
	"run_id" bigint NOT NULL,
	"sku" text NOT NULL,
	"before" text,
	CONSTRAINT "run_product_changes_run_id_sku_pk" PRIMARY KEY("run_id","sku")
);
--> statement-breakpoint
CREATE TABLE "watch_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"kind" text NOT NULL,
	"at" text NOT NULL,
	"latency_ms" bigint,
	"message" text
);
--> statement-breakpoint
ALTER TABLE "run_product_changes" ADD CONSTRAINT "run_product_changes_run_id_sync_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."sync_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "watch_events_channel" ON "watch_events" USING btree ("channel","kind","at");