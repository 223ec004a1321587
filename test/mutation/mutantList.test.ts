import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../platform/projectFiles';
import { readMutants } from './mutantList';

// `npm run mutants` is run by hand; this keeps its list true to the code meanwhile: a refactor that
// moves a mutated line (as the look-up limiter's and the analyzer's did) fails here, not months later.
test('every mutant still names a line that is in its file exactly once, and tests that exist', () => {
  const stale = readMutants().filter((m) => {
    const source = fs.readFileSync(path.join(PROJECT_ROOT, m.file), 'utf8');
    return source.split(m.find).length !== 2 || m.tests.some((t) => !fs.existsSync(path.join(PROJECT_ROOT, t)));
  });
  expect(stale.map((m) => m.name)).toEqual([]);
});
