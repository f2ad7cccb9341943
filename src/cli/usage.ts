import { SIM_USAGE } from './parseSimArgs.js';

/** One synopsis per command, as `keyline help` prints them. */
export const COMMAND_USAGE = {
  run: 'keyline run [--config F] [--board F] [--state-dir D] [--log-level L]   run the service in the foreground',
  config: [
    'keyline config check FILE [--board F]    validate a configuration file (offline)',
    'keyline config import-sla SLA.CONF [--out F]   convert an Asterisk sla.conf to keyline YAML',
  ].join('\n'),
  status: 'keyline status [--json]              lines, stations, every appearance\'s lamp; SIP phones if on',
  watch: 'keyline watch [--json]               live lamp board (Ctrl-C to quit); --json: events as JSON lines',
  calls: 'keyline calls [--json] [--limit N]   the call log, newest last',
  reload: 'keyline reload [--json]              re-read the configuration (as SIGHUP)',
  sip: [
    'keyline sip registrations [--json]   registered SIP phones: contact, transport, expiry, user agent',
    'keyline sip subscriptions [--json]   BLF subscriptions: subscriber, view, line, expiry, version',
    'keyline sip legs [--json]            SIP call legs: station, line, kind, state, held',
  ].join('\n'),
  sim: SIM_USAGE,
  doctor: 'keyline doctor [--board F] [--unit U] [--json]   devices, permissions, ModemManager, libusb, systemd, service health',
  'install-service': 'keyline install-service [--dry-run] [--board F] [--node PATH] [--root DIR]   install the systemd unit, udev rules, directories',
  help: 'keyline help [COMMAND]               this text',
} as const;

export type CommandName = keyof typeof COMMAND_USAGE;

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMAND_USAGE, name);
}

export function usage(): string {
  return [
    'usage: keyline COMMAND [options]',
    '',
    ...Object.values(COMMAND_USAGE),
    '',
    'Every command that talks to the service takes --socket PATH (default: $KEYLINE_SOCKET,',
    '$RUNTIME_DIRECTORY/control.sock, $XDG_RUNTIME_DIR/keyline/control.sock, /tmp/keyline-UID/control.sock).',
    '',
  ].join('\n');
}
