// A long-running watch gives back what a full reconcile took. A reconcile reads a whole channel
// (tens of megabytes of short-lived objects for 10k listings); V8 then keeps its heap grown until a
// later full collection, and lets the next cheap reads fill it again with garbage before it
// collects. A full collection after each reconcile and every few minutes (loop.ts; tens of
// milliseconds each) keeps the process near its live size. The collector is reached the way test runners reach it
// (Jest's leak detector): the flag set at run time, the function taken from a fresh context.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

export function collectGarbage(): void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
    setFlagsFromString('--no-expose-gc');
  }
  collect();
}
