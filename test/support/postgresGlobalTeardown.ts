import fs from 'node:fs';
import path from 'node:path';
import type { PostgresServer } from './postgres';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { tawasulPostgres?: PostgresServer }).tawasulPostgres;
  if (!server) return;
  await server.stop();
  fs.rmSync(path.dirname(server.dataDir), { recursive: true, force: true });
}
