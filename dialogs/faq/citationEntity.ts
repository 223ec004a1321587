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

function claim(entry: KnowledgeEntry, position: number) {
  const abstract = [...entry.paragraphs, ...entry.items].join(' ').slice(0, ABSTRACT_LENGTH);
  const section = entry.source.parentSection ? `${entry.source.parentSection} › ${entry.source.section}` : entry.source.section;
  return {
    '@type': 'Claim',
    position,
    appearance: {
      '@type': 'DigitalDocument',
      name: `${entry.source.documentTitle} — ${section}`,
      abstract,
      keywords: [entry.source.file, `line ${entry.source.line}`],
    },
  };
}
