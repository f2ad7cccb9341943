import { SerialPortMock } from 'serialport';
import type { SerialLink, SerialLinkFactory } from '../../../hal/drivers/v253/SerialLink.js';
import type { FakeV253Modem } from './FakeV253Modem.js';

type MockPortBinding = NonNullable<SerialPortMock['port']>;

/**
 * Puts fake modems behind serialport's mock binding (hardware.md §8; the ESM trap: always
 * `SerialPortMock.binding`, never a second import of `@serialport/binding-mock`).
 * `createPort` makes `path` exist; the factory hands the driver a `SerialPortMock` whose
 * binding answers through the fake; `unplug` makes reads fail as a pulled USB device does.
 */
export class MockModemBus {
  readonly opened: string[] = [];
  private readonly bindings = new Map<string, MockPortBinding>();

  constructor(private readonly fakes: (path: string) => FakeV253Modem) {}

  static createPort(path: string): void {
    SerialPortMock.binding.createPort(path, { echo: false, record: true });
  }

  static reset(): void {
    SerialPortMock.binding.reset();
  }

  readonly transport: SerialLinkFactory = (o) => {
    const stream = new SerialPortMock({ path: o.path, baudRate: o.baudRate, autoOpen: false });
    stream.on('open', () => {
      const binding = stream.port;
      if (!binding) return;
      this.opened.push(o.path);
      this.bindings.set(o.path, binding);
      const fake = this.fakes(o.path);
      const write = binding.write.bind(binding);
      binding.write = async (buf: Buffer): Promise<void> => {
        await write(buf);
        fake.receive(buf);
      };
      fake.out = (bytes) => {
        if (binding.isOpen) binding.emitData(bytes);
      };
    });
    return stream satisfies SerialLink;
  };

  /** What the driver wrote to `path`, as the mock binding recorded it. */
  recording(path: string): Buffer {
    return this.bindings.get(path)?.recording ?? Buffer.alloc(0);
  }

  /** The device disappears: its reads fail with an I/O error, as a pulled USB modem's do. */
  unplug(path: string): void {
    const binding = this.bindings.get(path);
    if (!binding?.isOpen) return;
    binding.read = () => Promise.reject(new Error('EIO: input/output error (device unplugged)'));
    binding.emitData(Buffer.alloc(0));
  }
}
