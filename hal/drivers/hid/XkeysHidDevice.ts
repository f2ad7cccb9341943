import { EventEmitter } from 'node:events';
import type { HIDDevice } from 'xkeys';
import type { HidReportQueue } from './HidReportQueue.js';
import type { HidTransport } from './HidTransport.js';

/**
 * The device interface the xkeys library drives (`HIDDevice` of @xkeys-lib/core), over keyline's
 * transport and the device's one write queue. Input reports go to the library as Buffers.
 * A report the library cannot parse is dropped and counted. Read errors are NOT passed on: on "could not read" the library would close the device itself,
 * and a keyline panel owns its device's life (it reports `lost` and waits for its supervisor).
 */
export class XkeysHidDevice extends EventEmitter implements HIDDevice {
  constructor(private readonly transport: HidTransport, private readonly queue: HidReportQueue) {
    super();
    transport.on('data', (report) => {
      try {
        this.emit('data', Buffer.from(report.buffer, report.byteOffset, report.byteLength));
      } catch {
        // The library reads fixed offsets: a short or malformed report throws there. It is
        // dropped (counted); one bad report must not take the service down.
        this.malformed++;
      }
    });
  }

  /** Input reports the library could not read. */
  malformed = 0;

  write(data: number[]): void {
    this.queue.write(data);
  }

  flush(): Promise<void> {
    return this.queue.flush();
  }

  async close(): Promise<void> {
    this.queue.stop();
    this.removeAllListeners('data');
    await this.transport.close();
  }
}
