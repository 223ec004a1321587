import { InputHints, TurnContext } from 'botbuilder';
import { Prompt, PromptOptions, PromptRecognizerResult, PromptValidator } from 'botbuilder-dialogs';
import { parseDate, ParseDateOptions } from '../../knowledge/dates/parseDate';
import { ParsedDate } from '../../knowledge/dates/parsedDate';
import { turnLanguage } from '../turnLanguage';

const READ_DATE = Symbol('readDate');

/**
 * The date in this turn's message, read once per turn: the form asks whether the message is a date
 * (to keep it from the mid-form question answering) and the prompt then reads it, and the English
 * recogniser takes milliseconds.
 */
export type DateReader = (text: string, options: ParseDateOptions) => ParsedDate;

export function readDateOnce(context: TurnContext, now: () => Date, read: DateReader = parseDate): ParsedDate {
  const cached = context.turnState.get(READ_DATE) as ParsedDate | undefined;
  if (cached) return cached;
  const parsed = read(context.activity.text ?? '', { reference: now(), language: turnLanguage(context) });
  context.turnState.set(READ_DATE, parsed);
  return parsed;
}

/**
 * Asks for a date and reads it in Arabic or English, either calendar. Everything parseDate finds
 * counts as recognised — "I don't know" and impossible dates included — so the dialog's validator
 * can answer each in its own way; only text with no date in it at all fails recognition.
 */
export class DatePrompt extends Prompt<ParsedDate> {
  constructor(
    dialogId: string,
    private readonly now: () => Date,
    validator?: PromptValidator<ParsedDate>,
    /** How the text is read: parseDate, or a reader that knows what the date is of. */
    private readonly read: DateReader = parseDate,
  ) {
    super(dialogId, validator);
  }

  protected override async onPrompt(context: TurnContext, _state: object, options: PromptOptions, isRetry: boolean): Promise<void> {
    const prompt = isRetry && options.retryPrompt ? options.retryPrompt : options.prompt;
    if (prompt) await context.sendActivity(prompt, undefined, InputHints.ExpectingInput);
  }

  protected override async onRecognize(context: TurnContext): Promise<PromptRecognizerResult<ParsedDate>> {
    const parsed = readDateOnce(context, this.now, this.read);
    return parsed.kind === 'none' ? { succeeded: false } : { succeeded: true, value: parsed };
  }
}
