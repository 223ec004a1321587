import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { KnowledgeBase, KnowledgeEntry } from '../knowledgeBase';
import { analyze } from '../text/analyzer';
import { isQuestion, parseDocument, ParsedSection } from './parseDocument';
import { CuratedTopic, readCuratedTopics, readManifest, SOURCES_DIR, SourceDocument } from './sourceManifest';

/** Bump when the builder's output changes for the same inputs, so stored bases are rebuilt. */
export const BUILDER_VERSION = 2;

const LEXICON_DIR = path.join(SOURCES_DIR, '..', 'lexicon');

/** A hash of every file the builder and the analyser read. */
export function hashSources(dir = SOURCES_DIR): string {
  const hash = crypto.createHash('sha256').update(String(BUILDER_VERSION));
  for (const folder of [dir, LEXICON_DIR]) {
    for (const file of fs.readdirSync(folder).sort()) {
      hash.update(file).update(fs.readFileSync(path.join(folder, file)));
    }
  }
  return hash.digest('hex');
}

function jaccard(a: string, b: string): number {
  const x = new Set(analyze(a));
  const y = new Set(analyze(b));
  const shared = [...x].filter((t) => y.has(t)).length;
  return shared / (x.size + y.size - shared || 1);
}

function bodyText(section: ParsedSection): string {
  return [...section.paragraphs, ...section.items].join('\n');
}

/**
 * Topic ids for a document's sections. A section that repeats an earlier one (the document's
 * closing FAQ restates questions answered above) shares its topic, so the bot treats them as one
 * answer instead of asking "did you mean" between two copies of the same thing.
 */
function assignTopics(document: SourceDocument, sections: ParsedSection[]): string[] {
  const topics: string[] = [];
  sections.forEach((section, i) => {
    const repeated = sections
      .slice(0, i)
      .findIndex((earlier) => jaccard(earlier.title, section.title) >= 0.5 && jaccard(bodyText(earlier), bodyText(section)) >= 0.25);
    topics.push(repeated >= 0 ? topics[repeated] : `${document.id}#${i + 1}`);
  });
  return topics;
}

function toEntry(
  document: SourceDocument,
  section: ParsedSection,
  index: number,
  topic: string,
  curated: CuratedTopic | undefined,
): KnowledgeEntry {
  const lang = document.language;
  return KnowledgeEntry.parse({
    id: `${document.id}#${index + 1}`,
    topic,
    language: lang,
    kind: isQuestion(section.title) && section.items.length === 0 ? 'faq' : 'section',
    title: section.title,
    shortTitle: curated?.shortTitle[lang] ?? section.title.slice(0, 20),
    paragraphs: section.paragraphs,
    items: section.items,
    phrasings: [section.title, ...(curated?.phrasings[lang] ?? [])],
    source: {
      documentId: document.id,
      documentTitle: document.title,
      file: document.file,
      section: section.title,
      parentSection: section.parentSection,
      line: section.line,
    },
  });
}

/** Parses every source document into knowledge entries, with their curated labels and phrasings. */
export function buildKnowledgeBase(dir = SOURCES_DIR): KnowledgeBase {
  const documents = readManifest(dir);
  const parsed = new Map(documents.map((d) => [d.id, parseDocument(fs.readFileSync(path.join(dir, d.file), 'utf8'))]));
  const entries: KnowledgeEntry[] = [];
  for (const document of documents) {
    const original = document.translationOf ?? document.id;
    const originalDocument = documents.find((d) => d.id === original);
    const originalSections = parsed.get(original);
    const sections = parsed.get(document.id)!;
    if (!originalDocument || !originalSections) {
      throw new Error(`${document.file}: translationOf names "${original}", which sources.json does not list`);
    }
    if (originalSections.length !== sections.length) {
      throw new Error(`${document.file} has ${sections.length} sections but ${originalDocument.file} has ${originalSections.length}: a translation must keep the section order`);
    }
    const curated = readCuratedTopics(original, dir);
    const unknown = Object.keys(curated).filter((title) => !originalSections.some((s) => s.title === title));
    if (unknown.length) throw new Error(`${original}.topics.json names sections that ${originalDocument.file} does not have: ${unknown.join(' | ')}`);
    const topics = assignTopics(originalDocument, originalSections);
    sections.forEach((section, i) => entries.push(toEntry(document, section, i, topics[i], curated[originalSections[i].title])));
  }
  return { builderVersion: BUILDER_VERSION, sourceHash: hashSources(dir), builtAt: new Date().toISOString(), entries, outOfScope: readOutOfScope(dir) };
}

const OutOfScope = z.object({ ar: z.array(z.string()), en: z.array(z.string()) });

function readOutOfScope(dir: string): string[] {
  const file = path.join(dir, 'out-of-scope.json');
  if (!fs.existsSync(file)) return [];
  const { ar, en } = OutOfScope.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  return [...ar, ...en];
}
