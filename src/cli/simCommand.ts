import { writeFileSync } from 'node:fs';
import type { SimHeard } from '../control/messages.js';
import type { CliIo } from './CliIo.js';
import { wavFile } from './wavFile.js';
import { parseSimArgs } from './parseSimArgs.js';
import { withClient } from './withClient.js';

/** `keyline sim SUB ...`: drives a simulated line or station; prints what the service answers. */
export async function simCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseSimArgs(args);
  if (parsed.help !== null) {
    io.stdout.write(`${parsed.help}\n`);
    return 0;
  }
  const { command } = parsed;
  const result = await withClient(parsed.socketPath, (client) => client.request(command));
  if (command.cmd === 'sim.heard' && parsed.out !== undefined) {
    const heard = result as SimHeard;
    const pcm = Buffer.from(heard.samples, 'base64');
    writeFileSync(parsed.out, wavFile(pcm, heard.rateHz));
    const summary = { line: heard.line, file: parsed.out, seconds: pcm.length / 2 / heard.rateHz, dialled: heard.dialled };
    io.stdout.write(parsed.json ? `${JSON.stringify(summary)}\n` : `${heard.line}: ${summary.seconds.toFixed(2)} s written to ${parsed.out}\n`);
    return 0;
  }
  if (parsed.json) io.stdout.write(`${JSON.stringify(result ?? null)}\n`);
  else io.stdout.write(`${describeResult(result)}\n`);
  return 0;
}

function describeResult(result: unknown): string {
  if (result === null || result === undefined || result === true) return 'ok';
  return typeof result === 'string' ? result : JSON.stringify(result);
}
