import { TurnContext } from 'botbuilder';
import { FoundChoice, PromptOptions, PromptRecognizerResult } from 'botbuilder-dialogs';
import { parseOffenceNumber } from '../../knowledge/fines/lateRenewalCount';
import { LocalizedChoicePrompt } from './localizedChoicePrompt';

/**
 * The choice of how many late renewals came before, whose values are offence numbers ("1", "2",
 * "3"). Besides the buttons it takes the count as people type it ("مرتين", "ولا مرة", "once");
 * a bare digit stays the number of a button, as on every other choice list.
 */
export class OffenceCountPrompt extends LocalizedChoicePrompt {
  protected override async onRecognize(context: TurnContext, state: object, options: PromptOptions): Promise<PromptRecognizerResult<FoundChoice>> {
    const text = context.activity.text ?? '';
    const values = (options.choices ?? []).map((c) => (typeof c === 'string' ? c : c.value));
    const offence = /^\s*[\d٠-٩۰-۹]+\s*$/.test(text) ? undefined : parseOffenceNumber(text, { answeringCountQuestion: true });
    if (offence !== undefined) {
      const index = Math.min(offence, values.length) - 1;
      return { succeeded: true, value: { value: String(offence), index, score: 1 } };
    }
    return super.onRecognize(context, state, options);
  }
}
