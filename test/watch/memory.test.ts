// The full collection watch runs after a reconcile: it works without --expose-gc on the command
// line, can be called again, and leaves no `gc` behind for other code to find.
import { describe, it, expect } from 'vitest';
import { collectGarbage } from '../../src/app/watch/memory.js';

describe('collectGarbage', () => {
  it('collects, twice, without exposing gc globally', () => {
    expect(() => { collectGarbage(); collectGarbage(); }).not.toThrow();
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});
