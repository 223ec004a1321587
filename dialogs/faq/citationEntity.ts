import type { Entity } from 'botbuilder';
import { KnowledgeEntry } from '../../knowledge/knowledgeBase';

const ABSTRACT_LENGTH = 300;

/**
 * The schema.org Message entity that names where an answer comes from: the form Bot Framework
 * Web Chat and Teams render as a citation. `position` matches the "[1]" marker in the reply text.
 */
export function citationEntity(entry: KnowledgeEntry): Entity {
  return citationsEntity([entry]);
}

/** One entity citing several sections, the n-th matching the "[n]" marker in the reply text. */
export function citationsEntity(entries: KnowledgeEntry[]): Entity {
  return {
    type: 'https://schema.org/Message',
    '@type': 'Message',
    '@context': 'https://schema.org',
    '@id': '',
    citation: entries.map((entry, i) => claim(entry, i + 1)),
  };
}

/** Each section's abstract, made once: entries do not change while the process runs, and every answer cites one. */
const abstracts = new WeakMap<KnowledgeEntry, string>();

function abstractOf(entry: KnowledgeEntry): string {
  let abstract = abstracts.get(entry);
  if (abstract === undefined) abstracts.set(entry, (abstract = plainAbstractOf(entry)));
  return abstract;
}

/** The section's text, plain (a Markdown link shows as its label), cut at a word with an ellipsis when long. */
function plainAbstractOf(entry: KnowledgeEntry): string {
  const text = [...entry.paragraphs, ...entry.items].join(' ').replace(/\[([^\]]+)\]\([^)]+\)/g, '$1');
  if (text.length <= ABSTRACT_LENGTH) return text;
  const cut = text.slice(0, ABSTRACT_LENGTH);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), ABSTRACT_LENGTH / 2)).replace(/[\s،,.:;-]+$/u, '')}…`;
}

function claim(entry: KnowledgeEntry, position: number) {
  const section = entry.source.parentSection ? `${entry.source.parentSection} › ${entry.source.section}` : entry.source.section;
  return {
    '@type': 'Claim',
    position,
    appearance: {
      '@type': 'DigitalDocument',
      // The section first: a phone shows the start of the name under the answer, and "the guide" alone says nothing.
      name: `${section} — ${entry.source.documentTitle}`,
      abstract: abstractOf(entry),
      keywords: [entry.source.file, `line ${entry.source.line}`],
    },
  };
}
