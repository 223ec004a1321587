import { TurnContext } from 'botbuilder';
import { FoundChoice, PromptOptions, PromptRecognizerResult } from 'botbuilder-dialogs';
import { parseOffenceNumber } from '../../knowledge/fines/lateRenewalCount';
import { LocalizedChoicePrompt } from './localizedChoicePrompt';

/**
 * The choice of how many late renewals came before, whose values are offence numbers ("1", "2",
 * "3"). Besides the buttons it takes the count as people type it ("مرتين", "ولا مرة", "once"),
 * and a bare number ("2", "٢", "0") is that many late renewals: the question asks for a number,
 * and where the buttons are shown as numbered lines (SMS) bot/channelRendering.ts has already
 * turned the line's number into its label before this prompt reads the text.
 */
export class OffenceCountPrompt extends LocalizedChoicePrompt {
  protected override async onRecognize(context: TurnContext, state: object, options: PromptOptions): Promise<PromptRecognizerResult<FoundChoice>> {
    const values = (options.choices ?? []).map((c) => (typeof c === 'string' ? c : c.value));
    const offence = parseOffenceNumber(context.activity.text ?? '', { answeringCountQuestion: true });
    if (offence !== undefined) {
      const index = Math.min(offence, values.length) - 1;
      return { succeeded: true, value: { value: String(offence), index, score: 1 } };
    }
    return super.onRecognize(context, state, options);
  }
}
