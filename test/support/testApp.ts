import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Config } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { AppServices, RunningApp, startApp } from '../../index';

export interface TestApp extends RunningApp {
  dataDir: string;
  logLines: string[];
}

export function temporaryDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tawasul-test-'));
}

/** The whole service, as `npm start` runs it, on a free port with its own data directory. */
export async function startTestApp(overrides: Partial<Config> = {}, services: AppServices = {}): Promise<TestApp> {
  const dataDir = overrides.DATA_DIR ?? temporaryDataDir();
  const logLines: string[] = [];
  // Parsed like the environment, so every setting not given here takes its default.
  const config: Config = Config.parse({ PORT: 0, DATA_DIR: dataDir, LOG_LEVEL: 'debug', ...overrides });
  const app = await startApp(config, createLogger('debug', (line) => logLines.push(line)), services);
  return { ...app, dataDir, logLines };
}
