import { LineCounter, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formatKey } from './keyPath.js';
import { createLocator, pathAtOffset } from './locate.js';

function locator(text: string) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return { doc, locate: createLocator(doc, lineCounter) };
}

describe('formatKey', () => {
  it('writes paths the way YAML readers name them', () => {
    expect(formatKey(['stations', 1, 'lines', 0, 'line'])).toBe('stations[1].lines[0].line');
    expect(formatKey(['lines', 0, 'ringTimeout'])).toBe('lines[0].ringTimeout');
    expect(formatKey([])).toBe('');
  });
  it('quotes keys that are not plain words', () => {
    expect(formatKey(['lines', 0, 'ring timeout'])).toBe('lines[0]["ring timeout"]');
  });
});

describe('createLocator', () => {
  const text = 'lines:\n  - id: l1\n    port: p1\n  - { id: l2, port: p2 }\n';

  it('points at a key or at its value', () => {
    const { locate } = locator(text);
    expect(locate(['lines', 0, 'port'], 'key')).toEqual({ line: 3, col: 5 });
    expect(locate(['lines', 0, 'port'], 'value')).toEqual({ line: 3, col: 11 });
    expect(locate(['lines', 1, 'port'], 'value')).toEqual({ line: 4, col: 21 });
  });
  it('points at a list item', () => {
    expect(locator(text).locate(['lines', 1], 'value')).toEqual({ line: 4, col: 5 });
  });
  it('points a missing key at the mapping that lacks it', () => {
    expect(locator(text).locate(['lines', 1, 'label'], 'value')).toEqual({ line: 4, col: 5 });
  });
  it('points an empty value at its key', () => {
    expect(locator('a:\n  b:\n').locate(['a', 'b'], 'value')).toEqual({ line: 2, col: 3 });
  });
  it('follows aliases to the anchored node', () => {
    const { locate } = locator('base: &b { ringDelay: 5 }\nother: *b\n');
    expect(locate(['other', 'ringDelay'], 'value')).toEqual({ line: 1, col: 23 });
  });
});

describe('pathAtOffset', () => {
  it('names the key covering an offset', () => {
    const text = 'lines:\n  - id: l1\n    port: p1\n';
    const { doc } = locator(text);
    expect(pathAtOffset(doc, text.indexOf('p1'))).toEqual(['lines', 0, 'port']);
    expect(pathAtOffset(doc, text.indexOf('port'))).toEqual(['lines', 0, 'port']);
    expect(pathAtOffset(doc, 0)).toEqual(['lines']);
  });
});
