import type { CallLog } from './CallLog.js';
import type { ControlHandler } from '../control/ControlHandler.js';
import type { ControlEvent } from '../control/messages.js';
import type { Service } from './Service.js';
import type { SimControl } from './SimControl.js';

/** The control socket's view of the running service (src/control/ControlHandler.ts). */
export function serviceHandler(d: { service: Service; callLog: CallLog; sim: SimControl; subscribers: Set<(e: ControlEvent) => void> }): ControlHandler {
  return {
    status: () => d.service.status(),
    calls: async (limit) => d.callLog.read(limit),
    reload: () => d.service.reload(),
    sim: (cmd) => d.sim.run(cmd),
    subscribe: (listener) => {
      d.subscribers.add(listener);
      return () => d.subscribers.delete(listener);
    },
  };
}
