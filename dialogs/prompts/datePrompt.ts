import { InputHints, TurnContext } from 'botbuilder';
import { Prompt, PromptOptions, PromptRecognizerResult, PromptValidator } from 'botbuilder-dialogs';
import { parseDate } from '../../knowledge/dates/parseDate';
import { ParsedDate } from '../../knowledge/dates/parsedDate';
import { turnLanguage } from '../turnLanguage';

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
  ) {
    super(dialogId, validator);
  }

  protected override async onPrompt(context: TurnContext, _state: object, options: PromptOptions, isRetry: boolean): Promise<void> {
    const prompt = isRetry && options.retryPrompt ? options.retryPrompt : options.prompt;
    if (prompt) await context.sendActivity(prompt, undefined, InputHints.ExpectingInput);
  }

  protected override async onRecognize(context: TurnContext): Promise<PromptRecognizerResult<ParsedDate>> {
    const parsed = parseDate(context.activity.text ?? '', { reference: this.now(), language: turnLanguage(context) });
    return parsed.kind === 'none' ? { succeeded: false } : { succeeded: true, value: parsed };
  }
}
