import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createBoard, resolveProfile } from '../../../boards/factory.js';
import type { BoardFile } from '../../../boards/types.js';
import { SimulatedClock } from '../../sim/SimulatedClock.js';
import { createMcuPorts } from './createMcuPorts.js';
import { McuFxoPort } from './McuFxoPort.js';

const PROFILES = fileURLToPath(new URL('../../../boards/profiles/', import.meta.url));
const board = (): BoardFile => JSON.parse(readFileSync(new URL('../../../boards/kl-daa4-xk24.json', import.meta.url), 'utf8')) as BoardFile;

describe('createMcuPorts', () => {
  it('the board factory builds kl-daa4-xk24 line1..4 on one mcu-si3050 board, unopened', () => {
    const b = board();
    const built = createBoard(b, { clock: new SimulatedClock(), profile: resolveProfile(b, PROFILES) });
    const ports = ['line1', 'line2', 'line3', 'line4'].map((l) => built.fxo.get(l));
    expect(ports.every((p) => p instanceof McuFxoPort)).toBe(true);
    expect(ports.map((p) => p?.id)).toEqual(['daa:0', 'daa:1', 'daa:2', 'daa:3']);
    const first = ports[0] as McuFxoPort;
    expect(new Set(ports.map((p) => (p as McuFxoPort).board)).size).toBe(1);
    expect(first.health).toBe('closed');
    expect(first.caps).toMatchObject({ ring: 'edges', polarity: true, loopCurrent: true, lineVoltage: true, flash: true, pulseDial: true,
      callerId: { standards: ['v23-uk'], decodedBy: 'device' }, disconnect: ['polarity', 'loopCurrent'], audio: { encoding: 'alaw' } });
  });

  it('misuse throws naming the entry and option', () => {
    const clock = new SimulatedClock();
    const profile = resolveProfile({ country: 'us' }, PROFILES);
    expect(() => createMcuPorts({ id: 'daa', channels: { line1: 0 } }, { clock, profile })).toThrow(/fxo\[daa\]\.match\.path/);
    expect(() => createMcuPorts({ id: 'daa', match: { path: '/dev/*/x*' }, channels: { line1: 0 } }, { clock, profile })).toThrow(/match\.path/);
    expect(createMcuPorts({ id: 'daa', match: { path: '/dev/serial/by-id/usb-keyline_DAA4_*-if00' }, channels: { line1: 0 } }, { clock, profile }).size).toBe(1);
    expect(() => createMcuPorts({ id: 'daa', match: { path: '/dev/x' }, options: { keepaliveMs: 10 }, channels: { line1: 0 } }, { clock, profile })).toThrow(/options\.keepaliveMs/);
    expect(() => createMcuPorts({ id: 'daa', match: { path: '/dev/x' }, options: { daaProfile: 'mars' }, channels: { line1: 0 } }, { clock, profile })).toThrow(/options\.daaProfile/);
    expect(() => createMcuPorts({ id: 'daa', match: { path: '/dev/x' }, options: { caps: ['teleport'] }, channels: { line1: 0 } }, { clock, profile })).toThrow(/options\.caps/);
    expect(() => createMcuPorts({ id: 'daa', match: { path: '/dev/x' }, channels: { line1: -1 } }, { clock, profile })).toThrow(/channels\.line1/);
    expect(() => createMcuPorts({ id: 'daa', match: { path: '/dev/x' }, options: { baud: 9600 }, channels: { line1: 0 } }, { clock, profile })).toThrow(/options\.baud: unknown option/);
  });
});
