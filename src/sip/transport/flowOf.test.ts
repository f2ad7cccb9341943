import { describe, expect, it } from 'vitest';
import { Core } from 'sip.js';
import { flowOf, rememberFlow } from './flowOf.js';
import { request } from './testing/sipText.js';

describe('flowOf', () => {
  const parse = () => Core.Parser.parseMessage(request(), new Core.LoggerFactory().getLogger('test'))!;

  it('gives back the flow recorded for a message object, as a frozen copy', () => {
    const m = parse();
    const flow = { proto: 'TCP' as const, address: '192.0.2.1', port: 40000 };
    rememberFlow(m, flow);
    flow.port = 1;
    expect(flowOf(m)).toEqual({ proto: 'TCP', address: '192.0.2.1', port: 40000 });
    expect(Object.isFrozen(flowOf(m))).toBe(true);
  });

  it('throws for a message that did not come through a transport', () => {
    expect(() => flowOf(parse())).toThrow(/flowOf/);
  });
});
