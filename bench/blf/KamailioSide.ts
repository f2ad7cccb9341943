import { join } from 'node:path';
import { Child } from './Child.js';
import { freeUdpPort } from './freeUdpPort.js';
import { SipUdpClient } from './SipUdpClient.js';
import { sleep } from './wallNow.js';

export const KAMAILIO_DOMAIN = 'blf.lab';

/**
 * The anchor: Kamailio's presence server (bench/kamailio/kamailio-blf-bench.cfg) on a free UDP
 * port of 127.0.0.1, started in the foreground (-DD, so its PID is the main process, which takes
 * its workers down with it) and stopped by that PID. A call is published as the lab's
 * publish.xml and publish-end.xml do: `publishEarly` starts a new publication (one per call:
 * Kamailio will not revive a terminated one), `publishTerminated` ends the dialog, `unpublish`
 * removes the publication (Kamailio then NOTIFYs the removed document once more).
 */
export class KamailioSide {
  private etag: string | null = null;

  private constructor(readonly port: number, private readonly child: Child, private readonly client: SipUdpClient) {}

  static async start(o: { dir: string; cfg: string; maxMs: number }): Promise<KamailioSide> {
    const port = await freeUdpPort();
    const child = new Child('kamailio', 'kamailio', [
      '-f', o.cfg, '-DD', '-E', '-P', join(o.dir, 'kamailio.pid'), '-l', `udp:127.0.0.1:${port}`,
      '-A', `BENCH_ADDR="sip:127.0.0.1:${port}"`,
    ], { logFile: join(o.dir, 'kamailio.log'), maxMs: o.maxMs });
    const client = await SipUdpClient.open({ host: '127.0.0.1', port });
    const side = new KamailioSide(port, child, client);
    // Ready when it answers an OPTIONS; give up if it died or after 10 s.
    for (let i = 0; i < 100; i++) {
      if (!child.running) break;
      const ok = await client.request({ method: 'OPTIONS', ruri: `sip:127.0.0.1:${port}`, from: 'sip:probe@blf.lab', to: `sip:127.0.0.1:${port}` }, 300)
        .then((a) => a.status === 200, () => false);
      if (ok) return side;
      await sleep(100);
    }
    await side.stop();
    throw new Error(`kamailio did not become ready (see ${join(o.dir, 'kamailio.log')})`);
  }

  /** A new publication of `aor` ringing (`early`, dialog `id`); resolves with when it was sent and answered. */
  async publishEarly(aor: string, id: string): Promise<{ sentAt: number; answeredAt: number }> {
    const uri = `sip:${aor}@${KAMAILIO_DOMAIN}`;
    const a = await this.client.request({
      method: 'PUBLISH', ruri: uri, from: 'sip:appliance1@blf.lab', to: uri,
      headers: ['Event: dialog', 'Expires: 120'],
      body: { type: 'application/dialog-info+xml', text: earlyBody(uri, id) },
    });
    if (a.status !== 200) throw new Error(`PUBLISH early: ${a.status}`);
    this.etag = a.headers.get('sip-etag') ?? null;
    return { sentAt: a.sentAt, answeredAt: a.answeredAt };
  }

  /** The call ended: the same publication (SIP-If-Match), its dialog `terminated`. */
  async publishTerminated(aor: string, id: string): Promise<void> {
    const uri = `sip:${aor}@${KAMAILIO_DOMAIN}`;
    if (this.etag === null) throw new Error('publishTerminated: nothing published');
    const a = await this.client.request({
      method: 'PUBLISH', ruri: uri, from: 'sip:appliance1@blf.lab', to: uri,
      headers: ['Event: dialog', `SIP-If-Match: ${this.etag}`, 'Expires: 120'],
      body: { type: 'application/dialog-info+xml', text: terminatedBody(uri, id) },
    });
    if (a.status !== 200) throw new Error(`PUBLISH terminated: ${a.status}`);
    this.etag = a.headers.get('sip-etag') ?? null;
  }

  /** Removes the publication (Expires: 0 with its entity-tag). */
  async unpublish(aor: string): Promise<void> {
    if (this.etag === null) return;
    const uri = `sip:${aor}@${KAMAILIO_DOMAIN}`;
    const a = await this.client.request({
      method: 'PUBLISH', ruri: uri, from: 'sip:appliance1@blf.lab', to: uri,
      headers: ['Event: dialog', `SIP-If-Match: ${this.etag}`, 'Expires: 0'],
    });
    this.etag = null;
    if (a.status !== 200) throw new Error(`PUBLISH removal: ${a.status}`);
  }

  async stop(): Promise<void> {
    this.client.close();
    await this.child.stop(10_000);
  }
}

/** The lab's ringing document (publish.xml): a line call, `early`, with its handle and the caller. */
function earlyBody(entity: string, id: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="0" state="full" entity="${entity}">`,
    `  <dialog id="${id}" call-id="${id}@appliance1" local-tag="l${id}" remote-tag="r${id}" direction="recipient">`,
    '    <state>early</state>',
    `    <local><identity>${entity}</identity></local>`,
    '  </dialog>',
    '</dialog-info>',
    '',
  ].join('\n');
}

function terminatedBody(entity: string, id: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="1" state="full" entity="${entity}">`,
    `  <dialog id="${id}" call-id="${id}@appliance1" local-tag="l${id}" remote-tag="r${id}" direction="recipient">`,
    '    <state event="remote-bye">terminated</state>',
    '  </dialog>',
    '</dialog-info>',
    '',
  ].join('\n');
}
