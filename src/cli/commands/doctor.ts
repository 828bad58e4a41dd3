import { Output, type GlobalOptions } from '../output.js';
import { runDoctor } from '../../app/doctor.js';

export async function doctor(_a: unknown[], _o: unknown, g: GlobalOptions): Promise<number> {
  const out = new Output(g);
  const checks = await runDoctor(g);
  const mark = { pass: out.paint('32', 'PASS'), fail: out.paint('31', 'FAIL'), warn: out.paint('33', 'WARN') };
  out.result('doctor', { checks }, () => checks.map((c) => `${mark[c.status]}  ${c.name}: ${c.message}${c.hint ? `\n      → ${c.hint}` : ''}`).join('\n'));
  // A config that does not load is bad config (exit 2); any other failed check is a failure (exit 1).
  if (checks.some((c) => c.name === 'config' && c.status === 'fail')) return 2;
  return checks.some((c) => c.status === 'fail') ? 1 : 0;
}
