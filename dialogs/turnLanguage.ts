import type { TurnContext } from 'botbuilder';
import { Language } from '../knowledge/language';

const TURN_LANGUAGE = Symbol('turnLanguage');

/** The language the bot replies in on this turn, settled by the bot before any dialog runs. */
export function turnLanguage(context: TurnContext): Language {
  return context.turnState.get(TURN_LANGUAGE) ?? 'ar';
}

export function setTurnLanguage(context: TurnContext, language: Language): void {
  context.turnState.set(TURN_LANGUAGE, language);
}
