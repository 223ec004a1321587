import { Activity, ActionTypes, CardAction, MessageFactory } from 'botbuilder';
import { Language } from '../knowledge/language';
import { allWordings, message, MessageKey } from '../knowledge/messages';
import { normalizeForMatching } from '../knowledge/text/normalizeText';

export const MENU_ITEMS = ['ask', 'submit', 'track', 'fines', 'staff'] as const;
export type MenuItem = (typeof MENU_ITEMS)[number];
/** A service on the menu: every item but "ask a question". */
export type Service = Exclude<MenuItem, 'ask'>;

const labelKey = (item: MenuItem) => `menu.${item}` as MessageKey;

/** A button that sends its own label back, so it reads naturally in the transcript and on any channel. */
export function button(label: string, value = label): CardAction {
  return { type: ActionTypes.ImBack, title: label, value };
}

export function menuActivity(language: Language, text = message(language, 'menuPrompt')): Partial<Activity> {
  return MessageFactory.suggestedActions(
    MENU_ITEMS.map((item) => button(message(language, labelKey(item)))),
    text,
  );
}

/** Every label of every item, in every language, as normalizeForMatching gives it. */
const itemsByLabel = new Map(MENU_ITEMS.flatMap((item) => allWordings(labelKey(item)).map((label) => [normalizeForMatching(label), item] as const)));

/** The menu item a message names, whichever language its label was in. */
export function recognizeMenuItem(text: string): MenuItem | undefined {
  return itemsByLabel.get(normalizeForMatching(text));
}
