import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../platform/projectFiles';
import { readMutants } from './mutantList';

/**
 * `npm run mutants`: a small mutation check. Each mutant in mutants.json is one deliberate bug; it is
 * written into its file, its tests run, and the file is put back as it was (even when interrupted).
 * A mutant the tests do not catch "survives": a bug a user would meet that the suite lets through.
 * `-- NAME…` runs only mutants whose name contains one of the words.
 */
const mutants = readMutants();
const wanted = process.argv.slice(2);
const chosen = wanted.length ? mutants.filter((m) => wanted.some((w) => m.name.includes(w))) : mutants;

const survivors: string[] = [];
for (const mutant of chosen) {
  const file = path.join(PROJECT_ROOT, mutant.file);
  const original = fs.readFileSync(file, 'utf8');
  const at = original.indexOf(mutant.find);
  if (at < 0 || original.indexOf(mutant.find, at + 1) >= 0) {
    console.log(`✗ ${mutant.name}: the text to mutate is not in ${mutant.file} exactly once (update mutants.json)`);
    survivors.push(mutant.name);
    continue;
  }
  const restore = () => fs.writeFileSync(file, original);
  process.once('SIGINT', restore);
  try {
    fs.writeFileSync(file, original.slice(0, at) + mutant.replace + original.slice(at + mutant.find.length));
    const run = spawnSync('npx', ['jest', '--silent', ...mutant.tests], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    const killed = run.status !== 0;
    console.log(`${killed ? '✓ killed  ' : '✗ SURVIVED'} ${mutant.name}`);
    if (!killed) survivors.push(mutant.name);
  } finally {
    restore();
    process.removeListener('SIGINT', restore);
  }
}
console.log(`\n${chosen.length - survivors.length} of ${chosen.length} mutants killed${survivors.length ? `; survived: ${survivors.join('; ')}` : ''}`);
process.exitCode = survivors.length ? 1 : 0;
