-- custom: SQLite's strftime() for PostgreSQL, so the schema's defaults and src/db's SQL read the same on both engines ('now' is the statement's time, UTC, like SQLite's).
CREATE OR REPLACE FUNCTION strftime(fmt text, at text) RETURNS text LANGUAGE plpgsql STABLE AS $fn$
DECLARE
  t timestamp;
  res text := '';
  i int := 1;
  c text;
BEGIN
  t := CASE WHEN at = 'now' THEN statement_timestamp() AT TIME ZONE 'UTC' ELSE at::timestamptz AT TIME ZONE 'UTC' END;
  WHILE i <= length(fmt) LOOP
    c := substr(fmt, i, 1);
    IF c = '%' AND i < length(fmt) THEN
      i := i + 1;
      c := substr(fmt, i, 1);
      res := res || CASE c
        WHEN 'Y' THEN to_char(t, 'YYYY') WHEN 'm' THEN to_char(t, 'MM') WHEN 'd' THEN to_char(t, 'DD')
        WHEN 'H' THEN to_char(t, 'HH24') WHEN 'M' THEN to_char(t, 'MI') WHEN 'S' THEN to_char(t, 'SS')
        WHEN 'f' THEN to_char(t, 'SS.MS') WHEN 'j' THEN to_char(t, 'DDD')
        WHEN 'w' THEN extract(dow FROM t)::int::text WHEN 's' THEN floor(extract(epoch FROM t))::bigint::text
        WHEN '%' THEN '%' ELSE '%' || c END;
    ELSE
      res := res || c;
    END IF;
    i := i + 1;
  END LOOP;
  RETURN res;
END
$fn$;--> statement-breakpoint
CREATE TABLE "bundle_components" (
	"bundle_sku" text NOT NULL,
	"component_sku" text NOT NULL,
	"quantity" bigint NOT NULL,
	CONSTRAINT "bundle_components_bundle_sku_component_sku_pk" PRIMARY KEY("bundle_sku","component_sku")
);
--> statement-breakpoint
CREATE TABLE "channel_listings" (
	"channel" text NOT NULL,
	"channel_sku" text NOT NULL,
	"sku" text,
	"match" text,
	"barcode" text,
	"title" text,
	"remote_id" text,
	"remote_variant_id" text,
	"inventory_item_id" text,
	"seen_quantity" bigint,
	"seen_elsewhere" bigint,
	"seen_price_minor" bigint,
	"seen_content_hash" text,
	"seen_at" text,
	"pushed_quantity" bigint,
	"pushed_price_minor" bigint,
	"pushed_content_hash" text,
	"pushed_at" text,
	"remote" text DEFAULT '{}' NOT NULL,
	CONSTRAINT "channel_listings_channel_channel_sku_pk" PRIMARY KEY("channel","channel_sku")
);
--> statement-breakpoint
CREATE TABLE "cursors" (
	"channel" text NOT NULL,
	"name" text NOT NULL,
	"value" text NOT NULL,
	"updated_at" text NOT NULL,
	CONSTRAINT "cursors_channel_name_pk" PRIMARY KEY("channel","name")
);
--> statement-breakpoint
CREATE TABLE "customer_identities" (
	"channel" text NOT NULL,
	"remote_id" text NOT NULL,
	"customer_id" bigint NOT NULL,
	"email" text,
	"phone" text,
	"created_at" text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT "customer_identities_channel_remote_id_pk" PRIMARY KEY("channel","remote_id")
);
--> statement-breakpoint
CREATE TABLE "customer_merges" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source_id" bigint NOT NULL,
	"target_id" bigint NOT NULL,
	"identities" text DEFAULT '[]' NOT NULL,
	"order_ids" text DEFAULT '[]' NOT NULL,
	"reason" text,
	"merged_at" text NOT NULL,
	"split_at" text
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text,
	"email" text,
	"phone" text,
	"merged_into" bigint,
	"created_at" text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "listing_map" (
	"channel" text NOT NULL,
	"channel_sku" text NOT NULL,
	"sku" text NOT NULL,
	"source" text NOT NULL,
	"created_at" text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT "listing_map_channel_channel_sku_pk" PRIMARY KEY("channel","channel_sku")
);
--> statement-breakpoint
CREATE TABLE "locations" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"managed_by" text,
	"created_at" text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_line_components" (
	"order_line_id" bigint NOT NULL,
	"sku" text NOT NULL,
	"quantity" bigint NOT NULL,
	"location" text,
	CONSTRAINT "order_line_components_order_line_id_sku_pk" PRIMARY KEY("order_line_id","sku")
);
--> statement-breakpoint
CREATE TABLE "order_lines" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" bigint NOT NULL,
	"line_key" text NOT NULL,
	"sku" text NOT NULL,
	"channel_sku" text,
	"quantity" bigint NOT NULL,
	"unit_price_minor" bigint DEFAULT 0 NOT NULL,
	"location" text
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"remote_id" text NOT NULL,
	"name" text,
	"status" text NOT NULL,
	"fulfilment" text DEFAULT 'merchant' NOT NULL,
	"customer_id" bigint,
	"currency" text NOT NULL,
	"total_minor" bigint DEFAULT 0 NOT NULL,
	"placed_at" text NOT NULL,
	"remote_updated_at" text,
	"created_at" text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "products" (
	"sku" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"brand" text,
	"barcode" text,
	"price_minor" bigint,
	"cost_minor" bigint,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"attributes" text DEFAULT '{}' NOT NULL,
	"content_hash" text DEFAULT '' NOT NULL,
	"reorder_point" bigint,
	"reorder_qty" bigint,
	"archived" bigint DEFAULT 0 NOT NULL,
	"created_at" text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	"updated_at" text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "purchase_order_lines" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"po_id" bigint NOT NULL,
	"sku" text NOT NULL,
	"quantity" bigint NOT NULL,
	"cost_minor" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "purchase_orders" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"supplier" text NOT NULL,
	"status" text NOT NULL,
	"currency" text NOT NULL,
	"expected_at" text,
	"created_at" text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT "purchase_orders_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "receipts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"po_id" bigint,
	"sku" text NOT NULL,
	"quantity" bigint NOT NULL,
	"location" text NOT NULL,
	"movement_key" text NOT NULL,
	"created_at" text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT "receipts_movement_key_unique" UNIQUE("movement_key")
);
--> statement-breakpoint
CREATE TABLE "returns" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_line_id" bigint,
	"channel" text NOT NULL,
	"remote_id" text,
	"sku" text NOT NULL,
	"quantity" bigint NOT NULL,
	"location" text,
	"disposition" text NOT NULL,
	"refund_minor" bigint,
	"created_at" text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sku_aliases" (
	"source" text NOT NULL,
	"alias" text NOT NULL,
	"sku" text NOT NULL,
	CONSTRAINT "sku_aliases_source_alias_pk" PRIMARY KEY("source","alias")
);
--> statement-breakpoint
CREATE TABLE "stock_levels" (
	"sku" text NOT NULL,
	"location" text NOT NULL,
	"on_hand" bigint DEFAULT 0 NOT NULL,
	"updated_at" text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT "stock_levels_sku_location_pk" PRIMARY KEY("sku","location")
);
--> statement-breakpoint
CREATE TABLE "stock_movements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"sku" text NOT NULL,
	"location" text NOT NULL,
	"delta" bigint NOT NULL,
	"kind" text NOT NULL,
	"reason" text,
	"idempotency_key" text NOT NULL,
	"ref" text,
	"occurred_at" text,
	"key_params" text,
	"created_at" text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT "stock_movements_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "supplier_items" (
	"supplier" text NOT NULL,
	"supplier_sku" text NOT NULL,
	"sku" text,
	"barcode" text,
	"title" text,
	"cost_minor" bigint,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"stock" bigint,
	"pack_size" bigint DEFAULT 1 NOT NULL,
	"min_order" bigint DEFAULT 1 NOT NULL,
	"lead_time_days" bigint,
	"row_hash" text,
	"last_seen_at" text,
	CONSTRAINT "supplier_items_supplier_supplier_sku_pk" PRIMARY KEY("supplier","supplier_sku")
);
--> statement-breakpoint
CREATE TABLE "suppliers" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"lead_time_days" bigint,
	"dropship_location" text,
	"created_at" text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" bigint NOT NULL,
	"channel" text NOT NULL,
	"sku" text NOT NULL,
	"channel_sku" text,
	"location" text,
	"action" text NOT NULL,
	"before" text,
	"after" text,
	"idempotency_key" text NOT NULL,
	"outcome" text NOT NULL,
	"message" text,
	"confirm_ref" text,
	"settled_at" text
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job" text NOT NULL,
	"status" text NOT NULL,
	"dry_run" bigint DEFAULT 0 NOT NULL,
	"started_at" text NOT NULL,
	"finished_at" text,
	"summary" text DEFAULT '{}' NOT NULL,
	"error" text,
	"report_path" text
);
--> statement-breakpoint
ALTER TABLE "bundle_components" ADD CONSTRAINT "bundle_components_bundle_sku_products_sku_fk" FOREIGN KEY ("bundle_sku") REFERENCES "public"."products"("sku") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bundle_components" ADD CONSTRAINT "bundle_components_component_sku_products_sku_fk" FOREIGN KEY ("component_sku") REFERENCES "public"."products"("sku") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_identities" ADD CONSTRAINT "customer_identities_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_merges" ADD CONSTRAINT "customer_merges_source_id_customers_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_merges" ADD CONSTRAINT "customer_merges_target_id_customers_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listing_map" ADD CONSTRAINT "listing_map_sku_products_sku_fk" FOREIGN KEY ("sku") REFERENCES "public"."products"("sku") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_line_components" ADD CONSTRAINT "order_line_components_order_line_id_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."order_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_line_components" ADD CONSTRAINT "order_line_components_sku_products_sku_fk" FOREIGN KEY ("sku") REFERENCES "public"."products"("sku") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_line_components" ADD CONSTRAINT "order_line_components_location_locations_code_fk" FOREIGN KEY ("location") REFERENCES "public"."locations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_lines" ADD CONSTRAINT "purchase_order_lines_po_id_purchase_orders_id_fk" FOREIGN KEY ("po_id") REFERENCES "public"."purchase_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_lines" ADD CONSTRAINT "purchase_order_lines_sku_products_sku_fk" FOREIGN KEY ("sku") REFERENCES "public"."products"("sku") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_orders" ADD CONSTRAINT "purchase_orders_supplier_suppliers_code_fk" FOREIGN KEY ("supplier") REFERENCES "public"."suppliers"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_po_id_purchase_orders_id_fk" FOREIGN KEY ("po_id") REFERENCES "public"."purchase_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_sku_products_sku_fk" FOREIGN KEY ("sku") REFERENCES "public"."products"("sku") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_location_locations_code_fk" FOREIGN KEY ("location") REFERENCES "public"."locations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "returns" ADD CONSTRAINT "returns_order_line_id_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."order_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "returns" ADD CONSTRAINT "returns_location_locations_code_fk" FOREIGN KEY ("location") REFERENCES "public"."locations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sku_aliases" ADD CONSTRAINT "sku_aliases_sku_products_sku_fk" FOREIGN KEY ("sku") REFERENCES "public"."products"("sku") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_levels_sku_products_sku_fk" FOREIGN KEY ("sku") REFERENCES "public"."products"("sku") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_levels_location_locations_code_fk" FOREIGN KEY ("location") REFERENCES "public"."locations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_sku_products_sku_fk" FOREIGN KEY ("sku") REFERENCES "public"."products"("sku") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_location_locations_code_fk" FOREIGN KEY ("location") REFERENCES "public"."locations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_items" ADD CONSTRAINT "supplier_items_supplier_suppliers_code_fk" FOREIGN KEY ("supplier") REFERENCES "public"."suppliers"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_items" ADD CONSTRAINT "supplier_items_sku_products_sku_fk" FOREIGN KEY ("sku") REFERENCES "public"."products"("sku") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suppliers" ADD CONSTRAINT "suppliers_dropship_location_locations_code_fk" FOREIGN KEY ("dropship_location") REFERENCES "public"."locations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_changes" ADD CONSTRAINT "sync_changes_run_id_sync_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."sync_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "channel_listings_channel_sku" ON "channel_listings" USING btree ("channel","sku");--> statement-breakpoint
CREATE INDEX "customer_merges_source" ON "customer_merges" USING btree ("source_id");--> statement-breakpoint
CREATE INDEX "customer_merges_target" ON "customer_merges" USING btree ("target_id");--> statement-breakpoint
CREATE INDEX "customers_email" ON "customers" USING btree ("email");--> statement-breakpoint
CREATE INDEX "customers_phone" ON "customers" USING btree ("phone");--> statement-breakpoint
CREATE INDEX "listing_map_sku" ON "listing_map" USING btree ("sku");--> statement-breakpoint
CREATE UNIQUE INDEX "order_lines_order_line" ON "order_lines" USING btree ("order_id","line_key");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_channel_remote" ON "orders" USING btree ("channel","remote_id");--> statement-breakpoint
CREATE INDEX "products_barcode" ON "products" USING btree ("barcode");--> statement-breakpoint
CREATE INDEX "products_archived" ON "products" USING btree ("archived");--> statement-breakpoint
CREATE UNIQUE INDEX "po_lines_po_sku" ON "purchase_order_lines" USING btree ("po_id","sku");--> statement-breakpoint
CREATE UNIQUE INDEX "returns_channel_remote" ON "returns" USING btree ("channel","remote_id");--> statement-breakpoint
CREATE INDEX "stock_movements_sku_location" ON "stock_movements" USING btree ("sku","location");--> statement-breakpoint
CREATE INDEX "supplier_items_sku" ON "supplier_items" USING btree ("sku");--> statement-breakpoint
CREATE INDEX "sync_changes_run" ON "sync_changes" USING btree ("run_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "sync_changes_pending" ON "sync_changes" USING btree ("channel","outcome");--> statement-breakpoint
CREATE INDEX "sync_changes_listing" ON "sync_changes" USING btree ("channel","sku");