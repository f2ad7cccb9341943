import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, formatImportNotes, formatIssue, importSlaConf, loadBoardFile, loadConfigFile } from './config/index.js';
import { defaultSocketPath } from './control/socketPath.js';
import { DEFAULT_BOARD, PROFILES_DIR, defaultConfigPath, defaultStateDir } from './paths.js';
import { createLogger, isLogLevel } from './service/Logger.js';
import { MonotonicClock } from './service/MonotonicClock.js';
import { hasSourceMap, originalStack } from './service/originalStack.js';
import { Service } from './service/Service.js';
import { isJournalStream, logLineWriter } from './service/notify/journalStream.js';
import { SystemdSupervision } from './service/notify/SystemdSupervision.js';
import { thrownBySipjs } from './sip/thrownBySipjs.js';
import { supervisedServiceOf } from './service/notify/supervisedServiceOf.js';
import { createBoard, resolveProfile } from '../boards/factory.js';
import { defaultDrivers } from '../boards/drivers.js';
import { hidPanelWatch } from '../boards/hidPanelWatch.js';
import { nodeHidBackend } from '../hal/drivers/hid/NodeHidTransport.js';

/**
 * The `keyline` command and the composition root (DESIGN.md): `run` starts the service, `config`
 * checks and imports configuration files offline; every other command is a control-socket client.
 */
async function main(argv: string[]): Promise<number> {
  const [cmd, sub] = argv;
  if (cmd === 'run') {
    // The service ends by exiting: timers of devices closed late must not hold the process up.
    const code = await run(argv.slice(1));
    process.exit(code);
  }
  if (cmd === 'config' && sub === 'check') return configCheck(argv.slice(2));
  if (cmd === 'config' && sub === 'import-sla') return importSla(argv.slice(2));
  if (cmd === 'config') {
    process.stderr.write('keyline config: expected "check FILE [--board FILE]" or "import-sla SLA.CONF [--out FILE]"\n');
    return 2;
  }
  // The control-socket client, loaded only for its commands: `run` never needs its 48 modules
  // (doctor, install-service, renderers), which would stay in the service's heap for good.
  const { runCli } = await import('./cli/index.js');
  return runCli(argv);
}

function fail(err: unknown): number {
  const text = err instanceof ConfigError ? err.message : `keyline: ${err instanceof Error ? err.message : String(err)}`;
  // Under systemd every stderr line reaches the journal as an error, not at the default level.
  const prefix = isJournalStream(process.env, 2) ? '<3>' : '';
  process.stderr.write(`${text.split('\n').map((l) => `${prefix}${l}`).join('\n')}\n`);
  return 1;
}

async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args, strict: true,
    options: {
      config: { type: 'string' }, board: { type: 'string' }, socket: { type: 'string' }, 'state-dir': { type: 'string' }, 'log-level': { type: 'string' },
    },
  });
  const level = values['log-level'] ?? process.env.KEYLINE_LOG_LEVEL ?? 'info';
  if (!isLogLevel(level)) {
    process.stderr.write(`keyline run: --log-level must be one of error, warning, notice, info, debug (got "${level}")\n`);
    return 2;
  }
  const log = createLogger(level, logLineWriter(process.stdout, isJournalStream(process.env, 1)));
  // The crash handler below reads the bundle's stacks through its map; an installer who deleted
  // the .map files to save space would otherwise learn only from a restart.
  const self = fileURLToPath(import.meta.url);
  if (!hasSourceMap(self)) {
    log.log('warning', 'service', { event: 'no-source-map', file: `${self}.map`, effect: 'stacks stay minified; an exception inside sip.js is a crash and systemd restarts the service' });
  }
  const clock = new MonotonicClock();
  let service: Service;
  try {
    service = await Service.start({
      configPath: values.config ?? defaultConfigPath(),
      boardPath: values.board ?? process.env.KEYLINE_BOARD ?? DEFAULT_BOARD,
      profilesDir: PROFILES_DIR,
      socketPath: values.socket ?? defaultSocketPath(),
      stateDir: values['state-dir'] ?? defaultStateDir(),
      clock,
      log,
      drivers: defaultDrivers(),
      panelWatch: hidPanelWatch(clock, nodeHidBackend().enumerate),
    });
  } catch (err) {
    // A configuration or board error refuses the start: the message names file:line:col and key.
    log.log('error', 'service', { event: 'start-failed', error: err instanceof Error ? err.message.split('\n')[0] : String(err) });
    return fail(err);
  }
  // READY=1, STATUS= and the watchdog when systemd runs it as Type=notify (hardware.md §9.2).
  const systemd = new SystemdSupervision(supervisedServiceOf(service), { clock, log, env: process.env, pid: process.pid });
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (code: number) => {
      if (stopping) return;
      stopping = true;
      // STOPPING=1 goes out before the lines go on-hook.
      systemd.stopping().then(() => service.stop()).then(() => resolve(code), (err: unknown) => {
        log.log('error', 'service', { event: 'stop-failed', error: String(err) });
        resolve(1);
      });
    };
    process.on('SIGTERM', () => stop(0));
    process.on('SIGINT', () => stop(0));
    process.on('SIGHUP', () => void service.reload());
    const crash = (err: unknown) => {
      // Frames as written, not as bundled (scripts/bundle.mjs): sip.js is inside the bundle, and a
      // stack of dist/bundle/main.js:1:80412 tells the journal's reader nothing.
      // Never let the mapping itself throw here: the on-hook below must run whatever happens.
      if (err instanceof Error && typeof err.stack === 'string') {
        try {
          err.stack = originalStack(err.stack);
        } catch {
          // The bundled frames stay as they are.
        }
      }
      // An exception sip.js itself throws from its timer callbacks is logged and the service goes
      // on; anything else — keyline's own code, also when sip.js called it — is a crash.
      if (thrownBySipjs(err)) {
        log.log('error', 'sip', { event: 'sipjs-exception', error: err.stack });
        return;
      }
      log.log('error', 'service', { event: 'crash', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      // A crash must never leave a line off-hook: every port is commanded on-hook before exiting.
      void Promise.race([service.emergencyOnHook(), new Promise((r) => setTimeout(r, 1000))]).then(() => process.exit(70));
    };
    process.on('uncaughtException', crash);
    process.on('unhandledRejection', crash);
  });
}

async function configCheck(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: { board: { type: 'string' } } });
  const file = positionals[0];
  if (!file) {
    process.stderr.write('usage: keyline config check FILE [--board BOARD.json]\n');
    return 2;
  }
  try {
    const boardPath = values.board ?? DEFAULT_BOARD;
    const board = await loadBoardFile(boardPath);
    const built = createBoard(board, { clock: new MonotonicClock(), profile: resolveProfile(board, PROFILES_DIR) });
    const cfg = await loadConfigFile(file, { ports: [...built.fxo.keys()], panels: [...built.panels.keys()] });
    for (const w of cfg.warnings) process.stderr.write(`${formatIssue(w)}\n`);
    process.stdout.write(`${file}: OK — ${cfg.system.lines.length} lines, ${cfg.system.stations.length} stations, board ${board.board}\n`);
    return 0;
  } catch (err) {
    return fail(err);
  }
}

async function importSla(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: { out: { type: 'string' } } });
  const file = positionals[0];
  if (!file) {
    process.stderr.write('usage: keyline config import-sla SLA.CONF [--out keyline.yaml]\n');
    return 2;
  }
  try {
    const result = importSlaConf(await readFile(file, 'utf8'), file);
    if (values.out) await writeFile(values.out, result.yaml, { flag: 'wx' });
    else process.stdout.write(result.yaml);
    if (result.report.length > 0) process.stderr.write(`${formatImportNotes(result.report)}\n`);
    return 0;
  } catch (err) {
    return fail(err);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.exitCode = fail(err);
  },
);
