import { describe, expect, it } from 'vitest';
import type { RtpLegRemote } from './RtpLegOptions.js';
import { checkRemote, lawOf, receivesFrom, sendsTo } from './RtpLegRemote.js';

const r: RtpLegRemote = { address: '192.0.2.1', port: 4000, payloadType: 0, direction: 'sendrecv' };

describe('RtpLeg remote rules', () => {
  it('sends only in a sending direction to a real address and port', () => {
    expect(sendsTo(r)).toBe(true);
    expect(sendsTo({ ...r, direction: 'sendonly' })).toBe(true);
    expect(sendsTo({ ...r, direction: 'recvonly' })).toBe(false);
    expect(sendsTo({ ...r, direction: 'inactive' })).toBe(false);
    expect(sendsTo({ ...r, port: 0 })).toBe(false);
    expect(sendsTo({ ...r, address: '0.0.0.0' })).toBe(false);
    expect(receivesFrom({ ...r, direction: 'recvonly' })).toBe(true);
    expect(receivesFrom({ ...r, direction: 'sendonly' })).toBe(false);
  });

  it('static payload types name their law; a dynamic one needs the codec', () => {
    expect(lawOf(0, r)).toBe('PCMU');
    expect(lawOf(8, r)).toBe('PCMA');
    expect(lawOf(96, { ...r, payloadType: 96 })).toBeUndefined();
    expect(lawOf(96, { ...r, payloadType: 96, codec: 'PCMA' })).toBe('PCMA');
    expect(lawOf(97, { ...r, payloadType: 96, codec: 'PCMA' })).toBeUndefined();
  });

  it('checks every field, naming it', () => {
    expect(() => checkRemote({ ...r, rtcpPort: 70000 })).toThrow(/remote.rtcpPort/);
    expect(() => checkRemote({ ...r, codec: 'G722' as never })).toThrow(/remote.codec/);
    expect(() => checkRemote({ ...r, direction: 'both' as never })).toThrow(/remote.direction/);
    expect(() => checkRemote(r)).not.toThrow();
  });
});
