import { TurnContext } from 'botbuilder';
import { Choice, ChoicePrompt, findChoices, FoundChoice, ListStyle, PromptOptions, PromptRecognizerResult, PromptValidator } from 'botbuilder-dialogs';
import { normalizeForMatching } from '../../knowledge/text/normalizeText';
import { content } from '../../knowledge/content';
import { namedPosition } from './choicePositions';


/** The value a yes/no choice list returns; pass `yesNoChoices(...)` labels in the user's language. */
export const YES = 'yes';
export const NO = 'no';

/** A yes/no pair of choices that also accepts نعم/ايه/لا/yes/no as typed. */
export function yesNoChoices(yesLabel: string, noLabel: string): Choice[] {
  const confirmWords = content().lexicon.confirm;
  return [
    { value: YES, action: { type: 'imBack', title: yesLabel, value: yesLabel }, synonyms: [yesLabel, ...confirmWords.yes] },
    { value: NO, action: { type: 'imBack', title: noLabel, value: noLabel }, synonyms: [noLabel, ...confirmWords.no] },
  ];
}

/** A choice whose button shows `label` and whose recognised value is `value`. */
export function labelledChoice(value: string, label: string, synonyms: string[] = []): Choice {
  return { value, action: { type: 'imBack', title: label, value: label }, synonyms: [label, ...synonyms] };
}

/**
 * The words without which botbuilder's English number and ordinal models find no position in a short
 * list: checked against every English question and answer of the test fixtures, where each text they
 * placed by number or ordinal holds one of these or a digit.
 */
const POSITION_WORDS =
  /\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|next|previous|penultimate|antepenultimate|current|former|latter|couple|pair|dozen|once|twice|single|double|both)\b/i;

const DIGIT_RUNS = /[0-9]+/g;

/**
 * Whether the text has a run of digits that could be a position in a list of `count`: "2", "the 3rd";
 * a request number, a year or "7 days" in a list of three cannot be one, and the number models, which
 * read only the digits there are, then have nothing to find.
 */
function holdsNumberUpTo(text: string, count: number): boolean {
  for (const [digits] of text.matchAll(DIGIT_RUNS)) if (ordinal(digits, count) !== undefined) return true;
  return false;
}

/** Whether botbuilder's number and ordinal models could find a position in a list of `count` in the text. */
export const mayNamePosition = (text: string, count: number): boolean => POSITION_WORDS.test(text) || holdsNumberUpTo(text, count);

function ordinal(text: string, count: number): number | undefined {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= count ? n - 1 : undefined;
}

/**
 * A ChoicePrompt that understands Arabic: "١" or "1" picks the first choice, and labels and
 * synonyms match whatever hamza, ta marbuta or alef maqsura the person typed. Choices are always
 * shown as suggested actions; bot/ turns them into numbered text on channels without buttons.
 * Anything it cannot place goes to botbuilder's own (English) recogniser as a last resort.
 */
export class LocalizedChoicePrompt extends ChoicePrompt {
  constructor(dialogId: string, validator?: PromptValidator<FoundChoice>) {
    super(dialogId, validator);
    this.style = ListStyle.suggestedAction;
  }

  protected override async onRecognize(context: TurnContext, state: object, options: PromptOptions): Promise<PromptRecognizerResult<FoundChoice>> {
    const choices = (options.choices ?? []).map((c) => (typeof c === 'string' ? { value: c } : c));
    const said = normalizeForMatching(context.activity.text ?? '').replace(/[.!?,]+$/, '').trim();
    if (!said) return { succeeded: false };
    const index =
      ordinal(said, choices.length) ??
      choices.findIndex((c) => [c.value, ...(c.synonyms ?? []), c.action?.title ?? ''].some((s) => s && normalizeForMatching(s) === said));
    if (index !== undefined && index >= 0) return { succeeded: true, value: { value: choices[index].value, index, score: 1 } };
    // What botbuilder's English recogniser (recognizeChoices) finds, in its order: a choice's words inside a
    // sentence, else an ordinal ("the second one"), else a number among words ("number two", "رقم 2").
    // The number models cost many times the word matching and can only name a position in text with a
    // digit or one of their words: they run only on such text (most answers, and the questions asked
    // instead of answering, have neither).
    const text = context.activity.text ?? '';
    const [found] = findChoices(text, choices, { locale: 'en-us' });
    if (found) return { succeeded: true, value: found.resolution };
    const position = mayNamePosition(text, choices.length) ? namedPosition(text, choices.length) : undefined;
    return position === undefined ? { succeeded: false } : { succeeded: true, value: { value: choices[position].value, index: position, score: 1 } };
  }
}
