import type { ControlEvent, SystemStatus } from '../control/messages.js';
import { applyControlEvent } from './applyControlEvent.js';
import { BoardView } from './BoardView.js';
import type { CliIo } from './CliIo.js';
import { ControlClient } from './ControlClient.js';
import { interruption } from './interruption.js';
import { parseCommandArgs } from './parseCommandArgs.js';
import { COMMAND_USAGE } from './usage.js';

/**
 * `keyline watch [--json]`: the live lamp board, or with `--json` one JSON line per event (the
 * first a `status` event with the snapshot). Exit 0 when interrupted, 1 when the service goes away.
 */
export async function watchCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(args, { min: 0, max: 0, usage: COMMAND_USAGE.watch });
  if (parsed.help) {
    io.stdout.write(`${COMMAND_USAGE.watch}\n`);
    return 0;
  }
  const client = await ControlClient.connect(parsed.socketPath);
  const stop = interruption(io.interrupt);
  const board = parsed.json ? null : new BoardView(io.stdout, `keyline watch  ${parsed.socketPath}`);
  const show = (event: ControlEvent, status: SystemStatus): void => {
    if (board) board.show(status);
    else io.stdout.write(`${JSON.stringify(event)}\n`);
  };
  try {
    // Events read in the same chunk as the answer arrive before `await` returns: keep them.
    const early: ControlEvent[] = [];
    let status: SystemStatus | null = null;
    client.onEvent((event) => {
      if (status === null) {
        early.push(event);
        return;
      }
      status = applyControlEvent(status, event);
      show(event, status);
    });
    // The service answers `watch` with a SystemStatus (control/messages.ts).
    let current = (await client.request({ cmd: 'watch' })) as SystemStatus;
    show({ event: 'status', status: current }, current);
    for (const event of early) {
      current = applyControlEvent(current, event);
      show(event, current);
    }
    status = current;
    const outcome = await Promise.race([stop.stopped.then(() => 'stopped' as const), client.closed.then(() => 'closed' as const)]);
    if (outcome === 'stopped') return 0;
    board?.stop();
    io.stderr.write('keyline: the keyline service closed the connection\n');
    return 1;
  } finally {
    board?.stop();
    stop.dispose();
    client.close();
  }
}
