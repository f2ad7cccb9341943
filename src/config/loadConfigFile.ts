import type { LoadedConfig, LoadOptions } from './LoadedConfig.js';
import { parseConfig } from './parseConfig.js';
import { readConfigText } from './readConfigText.js';

/**
 * Reads and validates the site configuration. A file that cannot be read is a ConfigError like
 * any other bad input, so the caller has one way to report it and no stack trace reaches the
 * installer.
 */
export async function loadConfigFile(path: string, opts: LoadOptions = {}): Promise<LoadedConfig> {
  return parseConfig(await readConfigText(path, 'the configuration'), path, opts);
}
