import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Language } from '../language';
import { projectFile } from '../projectFiles';

export const SOURCES_DIR = projectFile('knowledge', 'sources');

export const SourceDocument = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  file: z.string(),
  language: Language,
  title: z.string(),
  /** The id of the document this one renders into another language, section for section. */
  translationOf: z.string().optional(),
  /** SHA-256 of a document as it was given to us: the copy must stay byte for byte the same. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});
export type SourceDocument = z.infer<typeof SourceDocument>;

const SourceManifest = z.object({ documents: z.array(SourceDocument).min(1) });

const Bilingual = z.object({ ar: z.string().max(20), en: z.string().max(20) });
const CuratedTopic = z.object({
  shortTitle: Bilingual,
  phrasings: z.object({ ar: z.array(z.string()), en: z.array(z.string()) }),
});
export type CuratedTopic = z.infer<typeof CuratedTopic>;
const CuratedTopics = z.object({ topics: z.record(z.string(), CuratedTopic) });

export function readManifest(dir = SOURCES_DIR): SourceDocument[] {
  return SourceManifest.parse(JSON.parse(fs.readFileSync(path.join(dir, 'sources.json'), 'utf8'))).documents;
}

/** The curated labels and phrasings of a document, from `<id>.topics.json` when it has one. */
export function readCuratedTopics(documentId: string, dir = SOURCES_DIR): Record<string, CuratedTopic> {
  const file = path.join(dir, `${documentId}.topics.json`);
  if (!fs.existsSync(file)) return {};
  return CuratedTopics.parse(JSON.parse(fs.readFileSync(file, 'utf8'))).topics;
}
