import path from 'node:path';

/** Where `npm run build` writes the compiled JavaScript that `npm start` runs (tsconfig.build.json). */
const COMPILED_DIR = 'dist';

const above = path.resolve(__dirname, '..');

/**
 * The project's folder. The code runs from source (tsx, jest) or compiled into `dist/` (npm start);
 * the files it reads (sources, lexicons, rules, the web page) stay in one place for both: one copy to
 * edit, and no build step that must remember to copy them.
 */
export const PROJECT_ROOT = path.basename(above) === COMPILED_DIR ? path.dirname(above) : above;

/** A file of the project, by its path from the project's folder. */
export const projectFile = (...segments: string[]): string => path.join(PROJECT_ROOT, ...segments);
