import type { Lamp, LineStatus, SystemStatus } from '../control/messages.js';
import { formatCaller } from './formatCaller.js';
import { sipCaption } from './formatSip.js';
import { LAMP_CELL_WIDTH, LAMP_LOOKS, lampCell } from './lampCell.js';

export interface BoardOptions {
  /** Colours and blinking (a terminal), or plain text with `(~)` for blinking lamps. */
  tty: boolean;
  /** The 250 ms step within the 2000 ms blink cycle. */
  step: number;
  title: string;
}

/**
 * The live lamp board of `keyline watch`: a row per station and one for the lamp field, a column
 * per line, then a caption per line (label, state, caller ID), with SIP on a caption counting its
 * registered phones and subscriptions, and a legend. Pure.
 */
export function renderBoard(status: SystemStatus, options: BoardOptions): string[] {
  const rowNames = [...status.stations.map((station) => station.id), 'lamp field'];
  const nameWidth = Math.max(...rowNames.map((name) => name.length)) + 2;
  const width = Math.max(LAMP_CELL_WIDTH, ...status.lines.map((line) => line.id.length + 2));
  const cell = (lamp: Lamp | undefined): string => lampCell(lamp, { tty: options.tty, step: options.step, width });
  const row = (name: string, lamps: ReadonlyArray<{ line: string; lamp: Lamp }>): string => {
    const byLine = new Map(lamps.map((entry) => [entry.line, entry.lamp]));
    return (name.padEnd(nameWidth) + status.lines.map((line) => cell(byLine.get(line.id))).join(' ')).trimEnd();
  };
  return [
    options.title,
    '',
    (' '.repeat(nameWidth) + status.lines.map((line) => ` ${line.id}`.padEnd(width)).join(' ')).trimEnd(),
    ...status.stations.map((station) => row(station.id, station.lamps)),
    row('lamp field', status.lampField),
    '',
    ...status.lines.map((line) => caption(line, status.lines)),
    ...(status.sip ? ['', sipCaption(status.sip)] : []),
    '',
    ...legend(),
  ];
}

function caption(line: LineStatus, lines: readonly LineStatus[]): string {
  const idWidth = Math.max(...lines.map((entry) => entry.id.length));
  const labelWidth = Math.max(...lines.map((entry) => entry.label.length));
  const call = line.call;
  const who = call === null ? '' : call.direction === 'in' ? formatCaller(call.callerId) : 'outgoing';
  return `${line.id.padEnd(idWidth)}  ${line.label.padEnd(labelWidth)}  ${line.state.padEnd(18)}  ${who}`.trimEnd();
}

function legend(): string[] {
  const entries = Object.values(LAMP_LOOKS).map((look) => `${look.label} ${look.meaning}`);
  const lines: string[] = [];
  for (let i = 0; i < entries.length; i += 4) lines.push(entries.slice(i, i + 4).join(' · '));
  return lines;
}
