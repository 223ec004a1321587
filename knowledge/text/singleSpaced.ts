/** What is not already a single space: a run of white space, or one white-space character other than a space. */
const NOT_ONE_SPACE = /\s\s+|[^\S ]/g;

/**
 * Runs of white space as one space, none at either end: what `.replace(/\s+/g, ' ').trim()` gives,
 * without rewriting every single space, which most of a message's spaces already are.
 */
export function singleSpaced(text: string): string {
  return text.replace(NOT_ONE_SPACE, ' ').trim();
}
