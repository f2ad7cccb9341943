import { describe, expect, it } from 'vitest';
import { thrownBySipjs } from './thrownBySipjs.js';

const withStack = (message: string, frames: string[]): Error => {
  const err = new Error(message);
  err.stack = [`Error: ${message}`, ...frames.map((f) => `    at ${f}`)].join('\n');
  return err;
};

describe('thrownBySipjs', () => {
  it('is true when the top frame is inside the sip.js package', () => {
    const err = withStack('Transaction timed out', [
      'NonInviteClientTransaction.timerF (/opt/keyline/node_modules/sip.js/lib/core/transactions/non-invite-client-transaction.js:120:15)',
      'listOnTimeout (node:internal/timers:573:17)',
    ]);
    expect(thrownBySipjs(err)).toBe(true);
  });

  it("is false for keyline's own code called from sip.js (a delegate): that is a crash", () => {
    const err = withStack('bug in a delegate', [
      'Object.onInvite (/opt/keyline/dist/src/sip/stations/StationCalls.js:42:11)',
      'UserAgentCore.receiveOutsideDialogRequest (/opt/keyline/node_modules/sip.js/lib/core/user-agent-core/user-agent-core.js:700:38)',
    ]);
    expect(thrownBySipjs(err)).toBe(false);
  });

  it('is false for anything that is not an Error with a stack', () => {
    expect(thrownBySipjs('a string')).toBe(false);
    expect(thrownBySipjs(undefined)).toBe(false);
    const bare = new Error('x');
    bare.stack = 'Error: x';
    expect(thrownBySipjs(bare)).toBe(false);
  });

  it('reads Windows-style paths too', () => {
    expect(thrownBySipjs(withStack('x', ['f (C:\\keyline\\node_modules\\sip.js\\lib\\core\\x.js:1:1)']))).toBe(true);
  });
});
