import { z } from 'zod';
import { Language } from './language';

/** One answerable unit: a section of a source document, or one of its own question-and-answer pairs. */
export const KnowledgeEntry = z.object({
  id: z.string(),
  /** Shared by an entry, its translations and any section that repeats it, so they count as one answer. */
  topic: z.string(),
  language: Language,
  kind: z.enum(['section', 'faq']),
  title: z.string(),
  /** A label short enough for a suggested-action button. */
  shortTitle: z.string(),
  /** The section's prose, in document order. */
  paragraphs: z.array(z.string()),
  /** The section's list items (steps, requirements, penalties), in document order. */
  items: z.array(z.string()),
  /** How people ask for this: the title, the curated phrasings and the paraphrase bank's. */
  phrasings: z.array(z.string()),
  source: z.object({
    documentId: z.string(),
    documentTitle: z.string(),
    file: z.string(),
    section: z.string(),
    parentSection: z.string().optional(),
    /** 1-based line of the section heading in the source file. */
    line: z.number().int().positive(),
  }),
});
export type KnowledgeEntry = z.infer<typeof KnowledgeEntry>;

export const KnowledgeBase = z.object({
  builderVersion: z.number().int(),
  /** Hash of every input the builder read: a changed source or phrasing file means a rebuild. */
  sourceHash: z.string(),
  builtAt: z.string(),
  entries: z.array(KnowledgeEntry),
  /** Ways people ask for what the documents do not cover (sources/out-of-scope.json): reasons to decline. */
  outOfScope: z.array(z.string()).default([]),
});
export type KnowledgeBase = z.infer<typeof KnowledgeBase>;
