import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** One deliberate bug: `find` (which must occur exactly once in `file`) becomes `replace`, and `tests` must then fail. */
const Mutants = z.object({
  mutants: z.array(z.object({ name: z.string(), file: z.string(), find: z.string().min(1), replace: z.string(), tests: z.array(z.string()).min(1) })),
});
export type Mutant = z.infer<typeof Mutants>['mutants'][number];

export const readMutants = (): Mutant[] => Mutants.parse(JSON.parse(fs.readFileSync(path.join(__dirname, 'mutants.json'), 'utf8'))).mutants;
