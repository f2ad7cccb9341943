import { ControlClient } from './ControlClient.js';

/** Connects to the service, runs `use`, and closes the connection whatever happens. */
export async function withClient<T>(socketPath: string, use: (client: ControlClient) => Promise<T>): Promise<T> {
  const client = await ControlClient.connect(socketPath);
  try {
    return await use(client);
  } finally {
    client.close();
  }
}
