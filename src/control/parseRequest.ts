import type { z } from 'zod';
import type { ControlErrorCode, ControlRequest } from './messages.js';
import { KNOWN_COMMANDS, REQUEST_SCHEMAS, isKnownCommand, requestIdSchema } from './requestSchemas.js';

export type ParsedRequest =
  | { ok: true; request: ControlRequest }
  | { ok: false; id: number | null; code: ControlErrorCode; message: string };

/**
 * One line of the protocol to a typed request, or the error to answer: `BAD_JSON`, `BAD_REQUEST`
 * naming the field, or `UNKNOWN_COMMAND` listing the known ones. The id is echoed once it is valid.
 */
export function parseRequest(line: string): ParsedRequest {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return fail(null, 'BAD_JSON', `not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(null, 'BAD_REQUEST', 'a request must be a JSON object {"id": number, "cmd": string, ...}');
  }
  const fields = value as Record<string, unknown>;
  const id = requestIdSchema.safeParse(fields['id']);
  if (!id.success) return fail(null, 'BAD_REQUEST', `id: ${describe(id.error)}`);
  const cmd = fields['cmd'];
  if (typeof cmd !== 'string') return fail(id.data, 'BAD_REQUEST', 'cmd: expected a string');
  if (!isKnownCommand(cmd)) {
    return fail(id.data, 'UNKNOWN_COMMAND', `unknown command "${cmd}"; known: ${KNOWN_COMMANDS.join(', ')}`);
  }
  const parsed = REQUEST_SCHEMAS[cmd].safeParse(value);
  if (!parsed.success) return fail(id.data, 'BAD_REQUEST', `${cmd}: ${describe(parsed.error)}`);
  return { ok: true, request: parsed.data };
}

function fail(id: number | null, code: ControlErrorCode, message: string): ParsedRequest {
  return { ok: false, id, code, message };
}

/** Every issue as `field: message`, e.g. `line: Invalid input: expected string, received undefined`. */
function describe(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
