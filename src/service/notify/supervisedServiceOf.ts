import type { Service } from '../Service.js';
import type { SupervisedService } from './SupervisedService.js';

/** The running service as systemd supervision reads it. */
export function supervisedServiceOf(service: Service): SupervisedService {
  return {
    get devices() {
      return service.devices;
    },
    lineStates: () => [...service.ks.lineIds()].map((l) => service.ks.lineState(l) ?? 'out-of-service'),
    phonesRegistered: () => (service.sip ? new Set(service.sip.registrar.all().map((b) => b.station)).size : null),
    onChange: (listener) => service.ks.onStep(listener),
  };
}
