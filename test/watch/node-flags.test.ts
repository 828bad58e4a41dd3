// Which starts of omni are restarted with watch's memory flags: only a long-running watch
// started without them.
import { describe, it, expect } from 'vitest';
import { needsWatchFlags, WATCH_NODE_FLAGS } from '../../src/app/watch/node-flags.js';

const argv = (...a: string[]) => ['/usr/bin/node', '/opt/omni/bin/omni.js', ...a];

describe('needsWatchFlags', () => {
  it('a long-running watch without the flags, with or without global options', () => {
    expect(needsWatchFlags(argv('watch'), [])).toBe(true);
    expect(needsWatchFlags(argv('--config', 'shop/config.yaml', 'watch', '--all'), ['--enable-source-maps'])).toBe(true);
  });
  it('not when node already has them (the service unit), nor for --once, --help or any other command', () => {
    expect(needsWatchFlags(argv('watch'), [...WATCH_NODE_FLAGS])).toBe(false);
    expect(needsWatchFlags(argv('watch', '--once'), [])).toBe(false);
    expect(needsWatchFlags(argv('watch', '--help'), [])).toBe(false);
    expect(needsWatchFlags(argv('sync', '--channel', 'pos'), [])).toBe(false);
    expect(needsWatchFlags(argv(), [])).toBe(false);
  });
});
