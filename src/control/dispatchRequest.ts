import type { ControlHandler } from './ControlHandler.js';
import type { ControlRequest, SimCommand } from './messages.js';

/** Runs one request other than `watch` (the connection handles that) against the handler. */
export async function dispatchRequest(handler: ControlHandler, request: Exclude<ControlRequest, { cmd: 'watch' }>): Promise<unknown> {
  switch (request.cmd) {
    case 'status':
      return handler.status();
    case 'calls':
      return handler.calls(request.limit);
    case 'reload':
      return handler.reload();
    default: {
      const { id: _id, ...command } = request;
      return handler.sim(command satisfies SimCommand);
    }
  }
}
