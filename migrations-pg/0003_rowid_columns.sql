ALTER TABLE "products" ADD COLUMN "rowid" bigserial NOT NULL;--> statement-breakpoint
ALTER TABLE "supplier_items" ADD COLUMN "rowid" bigserial NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "products_rowid" ON "products" USING btree ("rowid");--> statement-breakpoint
CREATE UNIQUE INDEX "supplier_items_rowid" ON "supplier_items" USING btree ("rowid");