// The SQLite → PostgreSQL rewrites that are easy to get subtly wrong, checked on their text.
import { describe, expect, it } from 'vitest';
import { toPostgres } from '../../src/db/pg/translate.js';

describe('translate: mixed-case aliases', () => {
  it('quotes a camelCase alias where it is defined and where it is used, so PostgreSQL keeps its case', () => {
    expect(toPostgres('SELECT run_id AS runId, on_hand AS onHand FROM t ORDER BY runId'))
      .toBe('SELECT run_id AS "runId", on_hand AS "onHand" FROM t ORDER BY "runId"');
    expect(toPostgres('UPDATE t SET x = 1 RETURNING run_id AS runId')).toBe('UPDATE t SET x = 1 RETURNING run_id AS "runId"');
  });

  it('leaves types, lower-case aliases, quoted names, strings and qualified columns alone', () => {
    expect(toPostgres('SELECT CAST(a AS INTEGER) AS total, t.runId, "runId", \'runId\' AS x FROM t'))
      .toBe('SELECT CAST(a AS INTEGER) AS total, t.runId, "runId", \'runId\' AS x FROM t');
    expect(toPostgres('SELECT a AS onHand, t.onHand FROM t')).toBe('SELECT a AS "onHand", t.onHand FROM t');
  });
});
