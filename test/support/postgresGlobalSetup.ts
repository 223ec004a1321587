import { ADMIN_ENV, startPostgresServer } from './postgres';

/**
 * Starts the run's PostgreSQL server without waiting for it: its start-up (mostly initdb) overlaps the
 * suites that need no database; those that do wait in testDatabase(). The address goes to the
 * workers through the environment they inherit.
 */
export default async function globalSetup(): Promise<void> {
  const server = await startPostgresServer();
  process.env[ADMIN_ENV] = server.url;
  (globalThis as { tawasulPostgres?: unknown }).tawasulPostgres = server;
}
