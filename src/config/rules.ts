// Cross-field rules: what zod cannot see from one key alone, e.g. a channel that sells from a
// location that is not defined.
import type { Config } from './schema.js';

export interface Problem {
  path: (string | number)[];
  message: string;
}

export function crossFieldProblems(config: Config): Problem[] {
  const problems: Problem[] = [];
  const known = new Set<string>();
  config.locations.forEach((loc, i) => {
    if (known.has(loc.code)) problems.push({ path: ['locations', i, 'code'], message: `location "${loc.code}" is defined twice` });
    known.add(loc.code);
  });
  const list = [...known].join(', ');
  for (const [name, ch] of Object.entries(config.channels)) {
    for (const key of ['stock_from', 'fulfil_from'] as const) {
      (ch[key] ?? []).forEach((code, i, all) => {
        if (!known.has(code)) problems.push({ path: ['channels', name, key, i], message: `unknown location "${code}" (defined: ${list})` });
        // listed twice, its stock would count twice for single products and once for bundles
        else if (all.indexOf(code) !== i) problems.push({ path: ['channels', name, key, i], message: `"${code}" is listed twice` });
      });
    }
  }
  for (const [name, sup] of Object.entries(config.suppliers)) {
    if (sup.dropship_location && !known.has(sup.dropship_location)) {
      problems.push({ path: ['suppliers', name, 'dropship_location'], message: `unknown location "${sup.dropship_location}" (defined: ${list})` });
    }
  }
  config.locations.forEach((loc, i) => {
    if (loc.managed_by && loc.kind === 'store') {
      problems.push({ path: ['locations', i, 'managed_by'], message: 'a store is counted by you, not managed by a channel; use kind: channel or supplier' });
    }
  });
  return problems;
}
