import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultSocketPath } from './socketPath.js';

describe('defaultSocketPath', () => {
  const all = { KEYLINE_SOCKET: '/srv/k.sock', RUNTIME_DIRECTORY: '/run/keyline', XDG_RUNTIME_DIR: '/run/user/1000' };

  it('prefers KEYLINE_SOCKET, then RuntimeDirectory, then XDG_RUNTIME_DIR, then /tmp per uid', () => {
    expect(defaultSocketPath(all, 1000)).toBe('/srv/k.sock');
    expect(defaultSocketPath({ ...all, KEYLINE_SOCKET: '' }, 1000)).toBe('/run/keyline/control.sock');
    expect(defaultSocketPath({ XDG_RUNTIME_DIR: '/run/user/1000/' }, 1000)).toBe('/run/user/1000/keyline/control.sock');
    expect(defaultSocketPath({}, 1000)).toBe('/tmp/keyline-1000/control.sock');
  });

  it('takes the first of several runtime directories', () => {
    expect(defaultSocketPath({ RUNTIME_DIRECTORY: '/run/keyline:/run/other' }, 0)).toBe('/run/keyline/control.sock');
  });

  afterEach(() => vi.unstubAllEnvs());

  it('reads this process environment by default', () => {
    vi.stubEnv('KEYLINE_SOCKET', '/var/tmp/test.sock');
    expect(defaultSocketPath()).toBe('/var/tmp/test.sock');
  });
});
