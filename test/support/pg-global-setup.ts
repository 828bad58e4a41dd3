// vitest globalSetup: one PostgreSQL server for the whole run (see pg-server.ts); each test file
// makes its own databases in it (postgres.ts). Without server binaries the PostgreSQL half is
// skipped with one loud line, except under CI=true, where that is a failure.
import type { TestProject } from 'vitest/node';
import { findPgBin, startPgServer } from './pg-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  if (process.env.OMNI_TEST_PG === '0') {
    console.warn('\n*** OMNI_TEST_PG=0: the PostgreSQL half of the tests is SKIPPED. ***\n');
    project.provide('pgUrl', '');
    return undefined;
  }
  const bin = findPgBin();
  if (!bin) {
    const msg = 'No PostgreSQL server binaries (initdb, pg_ctl, postgres) in PATH or /usr/lib/postgresql/*/bin';
    if (process.env.CI === 'true') throw new Error(`${msg}: CI must run both engines (apt-get install postgresql).`);
    console.warn(`\n*** ${msg}: the PostgreSQL half of the tests is SKIPPED. Install the postgresql package to run it. ***\n`);
    project.provide('pgUrl', '');
    return undefined;
  }
  const server = await startPgServer(bin);
  project.provide('pgUrl', server.url);
  return () => server.stop();
}
