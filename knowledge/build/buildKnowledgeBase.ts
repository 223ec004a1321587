import crypto from 'node:crypto';
import { Content, content as contentInUse } from '../content';
import { CuratedTopic, OfficialLink, ParaphrasedFact, SourceDocument } from '../contentSchemas';
import { KnowledgeBase, KnowledgeEntry } from '../knowledgeBase';
import { Language } from '../language';
import { analyze } from '../text/analyzer';
import { isQuestion, parseDocument, ParsedSection } from './parseDocument';

/** Bump when the builder's output changes for the same inputs, so stored bases are rebuilt. */
export const BUILDER_VERSION = 4;

/** What a stored knowledge base was built from: the builder's version and every content file it and the analyser read. */
export function sourceHash(content: Content = contentInUse()): string {
  return crypto.createHash('sha256').update(String(BUILDER_VERSION)).update(content.hash).digest('hex');
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

// “من هنا” / “here”: a link the documents lost, with the words that lead to it ("عبر الرابط الرسمي:", "via this link:").
const DEAD_LINK = /[“"”]\s*(?:من هنا|here)\s*[“”"]/gu;
const LEAD_AND_DEAD_LINK = /\s*(?:عبر (?:الرابط الرسمي|هذا الرابط)|via (?:the official link|this link))\s*:\s*[“"”]\s*(?:من هنا|here)\s*[“”"]/gu;

/** A step's lost link given as the official address (a Markdown link), or the phrase dropped when none is listed. */
function withLiveLinks(text: string, link: OfficialLink | undefined, language: Language): string {
  if (!link) return text.replace(LEAD_AND_DEAD_LINK, '');
  // In Arabic the address is isolated (U+2068 … U+2069), so the full stop after it stays at the sentence's end.
  const label = language === 'ar' ? `\u2068${link.label}\u2069` : link.label;
  return text.replace(DEAD_LINK, `[${label}](${link.address})`);
}

function toEntry(
  document: SourceDocument,
  section: ParsedSection,
  index: number,
  topic: string,
  curated: CuratedTopic | undefined,
  link: OfficialLink | undefined,
  paraphrased: ParaphrasedFact[] = [],
): KnowledgeEntry {
  const lang = document.language;
  return KnowledgeEntry.parse({
    id: `${document.id}#${index + 1}`,
    topic,
    language: lang,
    kind: isQuestion(section.title) && section.items.length === 0 ? 'faq' : 'section',
    title: section.title,
    shortTitle: curated?.shortTitle[lang] ?? section.title.slice(0, 20),
    paragraphs: section.paragraphs.map((p) => withLiveLinks(p, link, lang)),
    items: section.items.map((item) => withLiveLinks(item, link, lang)),
    phrasings: [...new Set([section.title, ...(curated?.phrasings[lang] ?? []), ...paraphrased.flatMap((fact) => fact[lang])])],
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

/** Parses every source document into knowledge entries, with their curated labels, phrasings and paraphrase bank. */
export function buildKnowledgeBase(content: Content = contentInUse()): KnowledgeBase {
  const { documents, texts, topics: curatedTopics, paraphrases, outOfScope, officialLinks } = content.sources;
  const parsed = new Map(documents.map((d) => [d.id, parseDocument(texts[d.id])]));
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
    const curated = curatedTopics[original] ?? {};
    const unknown = Object.keys(curated).filter((title) => !originalSections.some((s) => s.title === title));
    if (unknown.length) throw new Error(`${original}.topics.json names sections that ${originalDocument.file} does not have: ${unknown.join(' | ')}`);
    const bank = paraphrases[original] ?? {};
    const unbanked = Object.keys(bank).filter((title) => !originalSections.some((s) => s.title === title));
    if (unbanked.length) throw new Error(`${original}.paraphrases.json names sections that ${originalDocument.file} does not have: ${unbanked.join(' | ')}`);
    const topics = assignTopics(originalDocument, originalSections);
    sections.forEach((section, i) =>
      entries.push(toEntry(document, section, i, topics[i], curated[originalSections[i].title], officialLinks[originalSections[i].title], bank[originalSections[i].title])),
    );
  }
  return { builderVersion: BUILDER_VERSION, sourceHash: sourceHash(content), builtAt: new Date().toISOString(), entries, outOfScope: [...outOfScope.ar, ...outOfScope.en] };
}
