/** What a message keeps when its symbols are taken out: letters, digits, "?" and white space, in any script. */
const KEPT = /^[\p{L}\p{N}?\s]$/u;

/** Whether a UTF-16 code below 0x80, or an Arabic letter, is kept: decided without the Unicode tables, for nearly every character people type. */
function keptAtAGlance(code: number): boolean | undefined {
  if (code < 0x80) return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x20 || code === 0x3f || (code >= 0x09 && code <= 0x0d);
  if ((code >= 0x0621 && code <= 0x063a) || (code >= 0x0641 && code <= 0x064a)) return true;
  return undefined;
}

/**
 * Each character that is not a letter, a digit, "?" or white space replaced by a space: what
 * `text.replace(/[^\p{L}\p{N}?\s]/gu, ' ')` gives (one space per code point). The Latin and Arabic
 * letters and ASCII marks that make up nearly every message are told by their code, and only the rest
 * by the Unicode property tables, which the regular expression would consult for every character.
 */
export function symbolsAsSpaces(text: string): string {
  let out = '';
  let done = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const glance = keptAtAGlance(code);
    if (glance === true) continue;
    // A code point of two UTF-16 units (an emoji, a letter beyond the BMP) is one character, kept or replaced whole.
    const point = glance === false ? text[i] : String.fromCodePoint(text.codePointAt(i)!);
    if (glance === undefined && KEPT.test(point)) {
      i += point.length - 1;
      continue;
    }
    out += `${text.slice(done, i)} `;
    i += point.length - 1;
    done = i + 1;
  }
  return done === 0 ? text : out + text.slice(done);
}
