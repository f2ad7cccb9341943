import { z } from 'zod';
import { id, name, wholeNumber } from './schemaPrimitives.js';

/**
 * The optional `remoteLines:` list (issue 5 part 3, presence.md §1 role 2, §7): lines of other
 * sites that this site shows. Each is SUBSCRIBEd to at the presence server by its presentity URI
 * (`sip:<line>@<site domain>`); `id` names it here, as a local line's id does: phones subscribe
 * to `sip:<id>@<this site's domain>` for a BLF key. `label` is what displays show (default: the
 * id). `keys` puts its lamp on key panel keys (`{ panel: <board panel id>, key: <n> }`): the board
 * describes hardware and names only FXO ports, so where a remote line shows is site configuration.
 */

/** `sip:user@host[:port]`: the presentity of a line of another site (no parameters, no password). */
export const REMOTE_LINE_URI = /^sip:([a-z0-9][a-z0-9._~!$&'()*+,;=-]{0,63})@([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*)(?::(\d{1,5}))?$/i;

const URI_HINT = 'expected the remote line\'s presentity URI, such as "sip:line1@branch7.lines.example.net"';

const remoteLine = z.strictObject(
  {
    id: id('a remote line'),
    uri: z.string({ error: URI_HINT }).regex(REMOTE_LINE_URI, URI_HINT),
    label: name('a label').optional(),
    keys: z
      .array(
        z.strictObject({ panel: name('a key panel id of the board'), key: wholeNumber(1, 'panel keys are numbered from 1') }),
        { error: 'expected a list of panel keys, each { panel: <id>, key: <n> }' },
      )
      .optional(),
  },
  { error: (issue) => (issue.code === 'invalid_type' ? 'expected { id: <id>, uri: "sip:<line>@<site domain>", label: <text> }' : undefined) },
);

export const remoteLinesSchema = z.array(remoteLine, { error: 'expected a list of remote lines, each { id, uri, label }' });

export type RemoteLineEntry = z.output<typeof remoteLine>;
