import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Core, Grammar } from 'sip.js';
import type { URI } from 'sip.js';

/**
 * The ONE place where keyline changes sip.js internals at run time. sip.js is pinned to exactly
 * 0.21.2 (DESIGN.md); `assertSipjsInternals()` checks the version and the source of every
 * function patched here, and `sipjsPatches.test.ts` fails when either changes. Each patch says
 * what, why, and which lines of node_modules/sip.js/lib it depends on.
 *
 * (a) Request-URI check — `patchRequestUriCheck(core, accept)`, per core instance.
 *     What: lets the core accept any Request-URI that `accept` approves (our host or domain).
 *     Why: `UserAgentCore.receiveRequest` (core/user-agent-core/user-agent-core.js, §8.2.2.1,
 *     `ruriMatches(this.configuration.aor)`) answers 404 unless the R-URI *user* equals the user
 *     of its own AOR or Contact. keyline is a registrar and notifier: `REGISTER sip:site`,
 *     `SUBSCRIBE sip:line1@site`, `INVITE sip:1001@site` must all reach the delegate.
 *     How: for an approved R-URI, `configuration.aor` is the R-URI itself while the checks at the
 *     top of `receiveRequest` run, and is put back before `receiveInsideDialogRequest` /
 *     `receiveOutsideDialogRequest` dispatch, so no delegate ever sees the swap. `aor` is read
 *     nowhere else in lib/core (only at that line).
 *
 * (b) Contact port — no runtime patch. sip.js's UserAgent (api/user-agent.js `initContact`)
 *     builds `sip:<contactName>@<viaHost>` without a port; keyline does not use UserAgent and
 *     gives `UserAgentCore` its own `configuration.contact` with the port (`createUserAgentCore`).
 *     The core renders it with `configuration.contact.toString()` (user-agents/
 *     invite-user-agent-server.js `accept`/`progress`, dialogs/subscription-dialog.js), which the
 *     guard checks.
 *
 * (c) Branch ids — `patchBranchIds()`, process-wide, idempotent.
 *     What: `ClientTransaction.makeId` (core/transactions/client-transaction.js) returns
 *     `"z9hG4bK" + Math.floor(Math.random() * 10000000)`: 10^7 values. With hundreds of
 *     stations and a NOTIFY per lamp change, thousands of client transactions live within
 *     64*T1, and the birthday bound makes a clash likely; sip.js keys `userAgentClients` (and
 *     keyline's UDP timers) by branch, so a clash mismatches responses. The patch returns
 *     `z9hG4bK` + 96 random bits (hex) and keeps CANCEL's reuse of the INVITE branch.
 *
 * (d) `Contact: *` — `patchWildcardContact()`, process-wide, idempotent.
 *     What: sip.js's grammar has no rule for the wildcard Contact of RFC 3261 §10.2.2, so
 *     `Parser.parseHeader` (core/messages/parser.js, case "contact") gets -1 from
 *     `Grammar.parse(headerValue, "Contact")` and the whole REGISTER is dropped: a phone could
 *     never remove all its bindings at once. The patch makes `Grammar.parse` return one header
 *     spanning the `*` with no parsed value, so the raw `*` reaches the registrar, which checks it.
 *
 * (e) Grammar bytecode — at install time, by scripts/patch-sipjs-grammar.mjs (`postinstall`).
 *     What: `peg$parse` (grammar/pegjs/dist/grammar.js) decoded its several hundred bytecode
 *     strings on every call: 1.3 ms per 200 OK parsed, the bottleneck of a BLF fan-out
 *     (bench/RESULTS.md). The patch decodes them once into a module-level table (pure data,
 *     never written while parsing): 0.27 ms. Install time because an ESM module's exports cannot
 *     be replaced at run time. `sipjsGrammarPatched()` says whether it is in place; without it
 *     keyline is correct, only slower, and logs a warning at start.
 */

export const SIPJS_VERSION = '0.21.2';

/** A narrow view of UserAgentCore's private members that patch (a) touches. */
interface UserAgentCoreInternals {
  configuration: { aor: URI };
  receiveRequest(message: Core.IncomingRequestMessage): void;
  receiveInsideDialogRequest(message: Core.IncomingRequestMessage): void;
  receiveOutsideDialogRequest(message: Core.IncomingRequestMessage): void;
}

const ORIGINAL_MAKE_ID = Symbol.for('keyline.sipjs.originalMakeId');

/** A narrow view of ClientTransaction's static `makeId` that patch (c) replaces. */
interface ClientTransactionStatics {
  makeId(request: Core.OutgoingRequestMessage): string;
  /** sip.js's own `makeId`, kept once patch (c) is applied (for the guard and CANCEL). */
  [ORIGINAL_MAKE_ID]?: (request: Core.OutgoingRequestMessage) => string;
}

/**
 * Fingerprints of the sip.js source each patch relies on: if one is missing, sip.js changed. They
 * are read from the functions as loaded, so they hold for sip.js as installed and as minified into
 * the service's bundle (scripts/bundle.mjs): local names may be renamed or shortened, whitespace
 * dropped and number literals shortened (`10000000` to `1e7`); property names and strings stay.
 */
const FINGERPRINTS: ReadonlyArray<[what: string, source: () => string, needle: RegExp]> = [
  // `const ruriMatches = (uri) => ...; if (!ruriMatches(this.configuration.aor) ...` (the name is
  // kept as a string when minified with keepNames).
  ['UserAgentCore.receiveRequest R-URI check', () => internalsOf(Core.UserAgentCore.prototype).receiveRequest.toString(), /ruriMatches[\s\S]*[\w$]\(this\.configuration\.aor\)/],
  ['UserAgentCore.receiveRequest dispatch (inside)', () => internalsOf(Core.UserAgentCore.prototype).receiveRequest.toString(), /this\.receiveInsideDialogRequest\([\w$]+\)/],
  ['UserAgentCore.receiveRequest dispatch (outside)', () => internalsOf(Core.UserAgentCore.prototype).receiveRequest.toString(), /this\.receiveOutsideDialogRequest\([\w$]+\)/],
  ['ClientTransaction.makeId', () => (statics()[ORIGINAL_MAKE_ID] ?? statics().makeId).toString(), /"z9hG4bK"\s*\+\s*Math\.floor\(Math\.random\(\)\s*\*\s*(?:10000000|1e7)\)/],
  ['InviteUserAgentServer Contact', () => Core.InviteUserAgentServer.prototype.accept.toString(), /this\.core\.configuration\.contact\.toString\(\)/],
  ['Parser.parseHeader Contact', () => Core.Parser.parseHeader.toString(), /[\w$]+\.parse\([\w$]+,\s*"Contact"\)/],
  // `const options = { startRule }; try { pegGrammar.parse(input, options); } ... return options.data;`
  ['Grammar.parse', () => (grammar()[ORIGINAL_PARSE] ?? grammar().parse).toString(), /\{\s*startRule(?::\s*[\w$]+)?\s*\}[\s\S]*\breturn\s+[\w$]+\.data\b/],
];

const ORIGINAL_PARSE = Symbol.for('keyline.sipjs.originalGrammarParse');

/** A narrow view of the Grammar namespace object whose `parse` patch (d) wraps. */
interface GrammarNamespace {
  parse(input: string, startRule: string): unknown;
  [ORIGINAL_PARSE]?: (input: string, startRule: string) => unknown;
}

function grammar(): GrammarNamespace {
  // Grammar is a namespace object in sip.js's build; its typings do not name the symbol slot.
  return Grammar as unknown as GrammarNamespace;
}

/** Patch (d): the wildcard `Contact: *` parses (as a raw header with no value) instead of failing. */
export function patchWildcardContact(): void {
  const g = grammar();
  if (g[ORIGINAL_PARSE]) return;
  const original = g.parse;
  g[ORIGINAL_PARSE] = original;
  g.parse = (input, startRule) =>
    startRule === 'Contact' && input.trim() === '*' ? [{ position: 0, offset: input.length, parsed: undefined }] : original.call(g, input, startRule);
}

/** Whether the install-time patch (e) is in place in the installed sip.js. */
export function sipjsGrammarPatched(): boolean {
  try {
    const req = createRequire(import.meta.url);
    const file = req.resolve('sip.js/package.json').replace(/package\.json$/, 'lib/grammar/pegjs/dist/grammar.js');
    return readFileSync(file, 'utf8').includes('keyline: peg$bytecode decoded once');
  } catch {
    return false;
  }
}

/** Throws (naming what changed) unless sip.js is exactly the version and source patched here. */
export function assertSipjsInternals(): void {
  const version = (createRequire(import.meta.url)('sip.js/package.json') as { version?: unknown }).version;
  if (version !== SIPJS_VERSION) throw new Error(`sip.js ${String(version)} installed; keyline's patches are for exactly ${SIPJS_VERSION}`);
  for (const [what, source, needle] of FINGERPRINTS) {
    let text: string;
    try {
      text = source();
    } catch {
      text = '';
    }
    if (!needle.test(text)) throw new Error(`sip.js internals changed: ${what} no longer matches ${needle.source}`);
  }
}

/** Patch (a): `core` accepts every request whose Request-URI `accept` approves. */
export function patchRequestUriCheck(core: Core.UserAgentCore, accept: (ruri: URI) => boolean): void {
  const c = internalsOf(core);
  const proto = internalsOf(Core.UserAgentCore.prototype);
  let saved: URI | undefined;
  const restore = (): void => {
    if (saved !== undefined) c.configuration.aor = saved;
    saved = undefined;
  };
  c.receiveRequest = (message) => {
    if (!message.ruri || !accept(message.ruri)) return proto.receiveRequest.call(c, message);
    saved = c.configuration.aor;
    c.configuration.aor = message.ruri;
    try {
      proto.receiveRequest.call(c, message);
    } finally {
      restore();
    }
  };
  c.receiveInsideDialogRequest = (message) => {
    restore();
    proto.receiveInsideDialogRequest.call(c, message);
  };
  c.receiveOutsideDialogRequest = (message) => {
    restore();
    proto.receiveOutsideDialogRequest.call(c, message);
  };
}

/** Patch (c): 96-bit random branch ids for every client transaction in this process. */
export function patchBranchIds(): void {
  const s = statics();
  if (s[ORIGINAL_MAKE_ID]) return;
  const original = s.makeId;
  s[ORIGINAL_MAKE_ID] = original;
  s.makeId = (request) => (request.method === 'CANCEL' ? original.call(s, request) : `z9hG4bK${randomBytes(12).toString('hex')}`);
}

function internalsOf(core: object): UserAgentCoreInternals {
  // The members are private in sip.js's typings; this view names exactly the ones patched.
  return core as unknown as UserAgentCoreInternals;
}

function statics(): ClientTransactionStatics {
  return Core.ClientTransaction as unknown as ClientTransactionStatics;
}
