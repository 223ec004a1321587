import fs from 'node:fs';
import path from 'node:path';
import { KnowledgeBase } from '../knowledgeBase';
import { Content, content as contentInUse } from '../content';
import { buildKnowledgeBase, sourceHash } from './buildKnowledgeBase';

export const KNOWLEDGE_BASE_FILE = 'knowledge-base.json';

/** Writes to a temporary file and renames it, so a reader never sees half a knowledge base. */
function writeAtomically(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}

function readStored(file: string): KnowledgeBase | undefined {
  if (!fs.existsSync(file)) return undefined;
  try {
    const stored = KnowledgeBase.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    return stored.success ? stored.data : undefined;
  } catch {
    return undefined; // unreadable (say, cut short by a full disk): build it again
  }
}

/**
 * The knowledge base stored in `dataDir`, rebuilt first when any source, curated phrasing or
 * lexicon file has changed since it was built (or when `force` is set, as `npm run kb:build` does).
 */
export function loadKnowledgeBase(
  dataDir: string,
  options: { force?: boolean; content?: Content } = {},
): { knowledgeBase: KnowledgeBase; rebuilt: boolean } {
  const content = options.content ?? contentInUse();
  const file = path.join(dataDir, KNOWLEDGE_BASE_FILE);
  const stored = options.force ? undefined : readStored(file);
  if (stored && stored.sourceHash === sourceHash(content)) return { knowledgeBase: stored, rebuilt: false };
  const knowledgeBase = buildKnowledgeBase(content);
  writeAtomically(file, JSON.stringify(knowledgeBase, null, 2));
  return { knowledgeBase, rebuilt: true };
}
