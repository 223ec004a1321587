import { Activity } from 'botbuilder';
import { Choice, FoundChoice, PromptOptions, PromptValidatorContext } from 'botbuilder-dialogs';
import { Language } from '../../knowledge/language';
import { message } from '../../knowledge/messages';
import { button } from '../mainMenu';
import { labelledChoice } from '../prompts/localizedChoicePrompt';
import { turnLanguage } from '../turnLanguage';

/** After this many wrong answers to one question, the bot offers a human. */
export const FAILURES_BEFORE_HUMAN = 3;

function questionOf(options: PromptOptions): string {
  const prompt = options.prompt as string | Partial<Activity> | undefined;
  return typeof prompt === 'string' ? prompt : (prompt?.text ?? '');
}

/**
 * Makes the prompt's next re-ask say why the answer was not accepted, then ask again. From the
 * third failure it also offers an officer, as the menu's own button, so pressing it leaves the
 * form for the officer service (InterruptibleDialog reroutes menu buttons).
 */
export function explainRetry(options: PromptOptions, reason: string, attemptCount: number, language: Language): void {
  const offer = attemptCount >= FAILURES_BEFORE_HUMAN;
  const text = [reason, offer ? message(language, 'submit.offerHuman') : '', questionOf(options)].filter(Boolean).join('\n\n');
  const human = message(language, 'menu.staff');
  if (options.choices) {
    // A choice prompt shows its choices with the retry text; the officer joins them as one more.
    const choices = options.choices as Choice[];
    if (offer && !choices.some((c) => c.value === 'human')) options.choices = [...choices, labelledChoice('human', human)];
    options.retryPrompt = text;
    return;
  }
  options.retryPrompt = offer ? ({ type: 'message', text, suggestedActions: { to: [], actions: [button(human)] } } as Partial<Activity>) : text;
}

/** The validator of every choice prompt in the request forms: an answer that is not a choice is explained. */
export async function checkChoice(prompt: PromptValidatorContext<FoundChoice>): Promise<boolean> {
  if (prompt.recognized.succeeded) return true;
  const language = turnLanguage(prompt.context);
  explainRetry(prompt.options, message(language, 'submit.invalid.choice'), prompt.attemptCount, language);
  return false;
}
