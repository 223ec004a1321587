/**
 * Markdown as a person reads it on a text-only channel: emphasis marks dropped, a link written
 * as "text (url)", headings as plain lines. Our replies use only these constructs (faqReplies,
 * the message catalogues), so a full Markdown parser would add weight and nothing else.
 */
export function stripMarkdown(text: string): string {
  return text
    .replace(/\[([^\]\n]+)\]\((\S+?)\)/g, '$1 ($2)')
    .replace(/(\*\*|__)(?=\S)([^\n]*?\S)\1/g, '$2')
    .replace(/(^|[\s(])\*(?=\S)([^*\n]*?\S)\*(?=[\s).,!?؟،]|$)/g, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/^#{1,6}\s+/gm, '');
}

/** Removes citation markers such as " [1]" where nothing renders the citation they point to. */
export function stripCitationMarkers(text: string): string {
  return text.replace(/\s?\[\d+\](?!\s*:|\()/g, '');
}

/**
 * Splits text into pieces of at most `max` characters, preferring paragraph breaks, then line
 * breaks, then sentence ends (Arabic and Latin punctuation), then spaces; a word longer than
 * `max` is cut. Joining the pieces with the separators they were split at gives the text back.
 */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const cut = bestCut(rest, max);
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

const BOUNDARIES = [/\n\s*\n/g, /\n/g, /[.!?؟۔](?=\s)/g, /[،,;؛](?=\s)/g, /\s/g];

function bestCut(text: string, max: number): number {
  const window = text.slice(0, max + 1);
  for (const boundary of BOUNDARIES) {
    let last = -1;
    for (const match of window.matchAll(boundary)) {
      const end = match.index + match[0].length;
      if (end <= max && end > max / 3) last = end;
    }
    if (last > 0) return last;
  }
  return max;
}
