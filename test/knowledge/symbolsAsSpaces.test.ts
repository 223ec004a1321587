import fc from 'fast-check';
import { symbolsAsSpaces } from '../../knowledge/text/symbolsAsSpaces';

const byPattern = (text: string) => text.replace(/[^\p{L}\p{N}?\s]/gu, ' ');

test('every character of the BMP is kept or replaced as the Unicode pattern does', () => {
  for (let code = 0; code < 0x10000; code++) {
    const text = `a${String.fromCharCode(code)}ب`;
    if (symbolsAsSpaces(text) !== byPattern(text)) throw new Error(`U+${code.toString(16)} differs`);
  }
});

test('every character beyond the BMP is kept or replaced whole, as the Unicode pattern does', () => {
  for (let code = 0x10000; code <= 0x10ffff; code++) {
    const text = `a${String.fromCodePoint(code)}ب`;
    if (symbolsAsSpaces(text) !== byPattern(text)) throw new Error(`U+${code.toString(16)} differs`);
  }
});

test('what people type, emoji and letters beyond the BMP, and broken surrogate pairs come out as the pattern gives them', () => {
  const typed = fc.array(fc.constantFrom('a', 'Z', 'ب', 'ـ', '٣', '3', '?', '؟', '.', '،', ' ', '\t', '\u00a0', '_', '😀', '𠀀', '𝟘', '\uD83D', '\uDE00', '\u200f'), { maxLength: 30 }).map((parts) => parts.join(''));
  fc.assert(fc.property(fc.oneof(typed, fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (text) => expect(symbolsAsSpaces(text)).toBe(byPattern(text))), { numRuns: 5000 });
});

test('a message with nothing to replace comes back as it was', () => {
  expect(symbolsAsSpaces('كم غرامه الاقامه? how much')).toBe('كم غرامه الاقامه? how much');
  expect(symbolsAsSpaces('help!! please…')).toBe('help   please ');
});
