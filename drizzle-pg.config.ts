// The PostgreSQL migrations, generated from the same schema (src/db/schema-pg.ts derives it):
// `npx drizzle-kit generate --config drizzle-pg.config.ts --name <name>` after each schema change.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema-pg.ts',
  out: './migrations-pg',
});
