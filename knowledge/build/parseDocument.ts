import { stripInvisibleMarks } from '../text/normalizeText';

/** A section as laid out in a plain-text source document. */
export interface ParsedSection {
  title: string;
  line: number;
  paragraphs: string[];
  items: string[];
  parentSection?: string;
}

const LIST_ITEM = /^[-•*–]\s*/;
// Prose ends with a full stop or introduces a list with a colon; a heading does neither and is short.
const PROSE_ENDING = /[.:!،,؛;]$/;
const MAX_HEADING_LENGTH = 90;

function isHeading(line: string): boolean {
  return !LIST_ITEM.test(line) && line.length <= MAX_HEADING_LENGTH && !PROSE_ENDING.test(line);
}

export function isQuestion(title: string): boolean {
  return /[?؟]$/.test(title);
}

/**
 * Reads a plain-text help document: short unpunctuated lines are headings, "- " lines are list
 * items, other lines are prose. A heading with nothing under it before the next heading groups the
 * sections after it (it becomes their parent) until a blank line or the next such group heading.
 */
export function parseDocument(text: string): ParsedSection[] {
  const sections: ParsedSection[] = [];
  let current: ParsedSection | undefined;
  let parent: string | undefined;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = stripInvisibleMarks(raw).trim();
    if (!line) {
      parent = undefined;
      return;
    }
    if (isHeading(line)) {
      if (current && current.paragraphs.length === 0 && current.items.length === 0) {
        sections.pop();
        parent = current.title;
      }
      current = { title: line, line: index + 1, paragraphs: [], items: [], parentSection: parent };
      sections.push(current);
      return;
    }
    if (!current) throw new Error(`Line ${index + 1} has text before any heading: "${line.slice(0, 40)}…"`);
    if (LIST_ITEM.test(line)) current.items.push(line.replace(LIST_ITEM, ''));
    else current.paragraphs.push(line);
  });
  const empty = sections.find((s) => s.paragraphs.length === 0 && s.items.length === 0);
  if (empty) throw new Error(`Heading on line ${empty.line} has no text under it: "${empty.title}"`);
  return sections;
}
