import { Culture, NumberRecognizer } from '@microsoft/recognizers-text-number';

type NumberModel = ReturnType<NumberRecognizer['getNumberModel']>;

let models: { ordinal: NumberModel; number: NumberModel } | undefined;

/**
 * botbuilder's English ordinal and number models, built on first use and kept: botbuilder-dialogs'
 * recognizeChoices builds a recogniser with every number model afresh on each call, which costs about
 * as much again as reading the text.
 */
function englishModels(): { ordinal: NumberModel; number: NumberModel } {
  if (!models) {
    const recognizer = new NumberRecognizer(Culture.English);
    models = { ordinal: recognizer.getOrdinalModel(), number: recognizer.getNumberModel() };
  }
  return models;
}

/** Lists up to this long: longer ones are read whole, as the words below name positions up to it. */
const LONGEST_LIST = 12;
/**
 * The words of the English models that can name a position up to twelve (their number and ordinal
 * words, "a dozen", the relative ordinals "last", "next", "previous", "current"), and digits: any
 * number they read as one holds one of these ("10/4" is 2.5 to them). "once", "twice", "both" and the
 * like, which the prompt's own pre-check lets through, are not theirs.
 */
const POSITION_NAMES =
  /\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|last|next|previous|penultimate|antepenultimate|current|dozen)\b|\d+/gi;
/**
 * Words the models may read together with a position name into one number or ordinal ("twenty one",
 * "one and a half", "the one before the last", "next to last", "1,000", "10 over 4", "ten thirds").
 */
const NUMBER_PART =
  /^\p{P}*(?:[\d.,/:%$-]*\d[\d.,/:%$-]*|a|an|and|the|of|to|but|before|over|in|out|one|zero|naught|nought|\w+(?:teen|ty|th|st|nd|rd)s?|hundreds?|thousands?|millions?|billions?|trillions?|mln|bln|lakhs?|crores?|dozens?|doz|dz|half|halves|quarters?|point|minus|negative|plus|[k-mgbt])\p{P}*$/iu;
/** The words among NUMBER_PART that join numbers but are none: a year with only these beside it is read as itself. */
const JOINING_WORD = /^\p{P}*(?:and|the|of|to|but|before|over|in|out)\p{P}*$/iu;
const DIGITS_ONLY = /^\p{P}*(\d+)\p{P}*$/u;
/** Words of context either side of a stretch's numbers: the models' patterns look no further than the word before or after ("this one"); one more for safety. */
const CONTEXT_WORDS = 2;

interface Word {
  start: number;
  end: number;
  text: string;
  numeric: boolean;
}

/**
 * The stretches of a text around its position names, each read on its own: the number model's time
 * grows faster than the text's length, and a question typed at the prompt is mostly other words. A
 * stretch holds the words the models could read into one number with a position name, and words of
 * context either side; stretches that touch are read as one. A run of digits that is no position in
 * the list and has no other number beside it ("in 2022", "16 Nov 2026") can only be read as itself,
 * out of the list, and needs no stretch.
 */
function positionStretches(text: string, count: number): { from: number; text: string }[] {
  if (count > LONGEST_LIST) return [{ from: 0, text }];
  const words: Word[] = [...text.matchAll(/\S+/g)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    text: m[0],
    numeric: m[0].split(/[-\u2013\u2014]/).every((part) => part === '' || NUMBER_PART.test(part)),
  }));
  const ranges: [number, number][] = [];
  for (const name of text.matchAll(POSITION_NAMES)) {
    const own = words.findIndex((w) => w.end > name.index);
    let first = own;
    let last = own;
    while (first > 0 && words[first - 1].numeric) first--;
    while (last < words.length - 1 && words[last + 1].numeric) last++;
    if (readAsItself(words, first, last, own, count)) continue;
    first = Math.max(0, first - CONTEXT_WORDS);
    last = Math.min(words.length - 1, last + CONTEXT_WORDS);
    const previous = ranges[ranges.length - 1];
    if (previous && first <= previous[1] + 1) previous[1] = Math.max(previous[1], last);
    else ranges.push([first, last]);
  }
  return ranges.map(([first, last]) => ({ from: words[first].start, text: text.slice(words[first].start, words[last].end) }));
}

/** Whether the digits of word `own` are a word of their own, beyond the list, among words that join numbers but are none. */
function readAsItself(words: Word[], first: number, last: number, own: number, count: number): boolean {
  const digits = DIGITS_ONLY.exec(words[own].text);
  if (!digits || Number(digits[1]) <= count) return false;
  for (let i = first; i <= last; i++) if (i !== own && !JOINING_WORD.test(words[i].text)) return false;
  return true;
}

/**
 * The position in a list of `count` a text names by ordinal ("the second one") or else by number
 * ("number 2"), as recognizeChoices finds it after no choice's words matched: the first such mention
 * in the text that is within the list, counted from 0; undefined when there is none.
 */
export function namedPosition(text: string, count: number): number | undefined {
  const stretches = positionStretches(text, count);
  const { ordinal, number } = englishModels();
  for (const model of [ordinal, number]) {
    const inList = stretches
      .flatMap((stretch) => model.parse(stretch.text).map((found) => ({ start: stretch.from + found.start, index: parseInt(String(found.resolution?.value), 10) - 1 })))
      .filter(({ index }) => index >= 0 && index < count)
      .sort((a, b) => a.start - b.start);
    if (inList.length) return inList[0].index;
  }
  return undefined;
}
