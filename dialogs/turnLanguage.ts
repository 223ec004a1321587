import type { TurnContext } from 'botbuilder';
import { Language } from '../knowledge/language';

const TURN_LANGUAGE = Symbol('turnLanguage');

/** The language the bot replies in on this turn, settled by the bot before any dialog runs. */
export function turnLanguage(context: TurnContext): Language {
  return context.turnState.get(TURN_LANGUAGE) ?? 'ar';
}

/** The language settled on this turn, if it got that far (a turn may fail before, when its state cannot be read). */
export function settledTurnLanguage(context: TurnContext): Language | undefined {
  return context.turnState.get(TURN_LANGUAGE);
}

export function setTurnLanguage(context: TurnContext, language: Language): void {
  context.turnState.set(TURN_LANGUAGE, language);
}
