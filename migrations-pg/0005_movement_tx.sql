ALTER TABLE "stock_movements" ADD COLUMN "tx" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
CREATE INDEX "stock_movements_tx" ON "stock_movements" USING btree ("tx");