import type { OutgoingFile } from '../bot/personMessenger';
import type { Language } from '../knowledge/language';

/** Messages to the person outside a turn (the bot's proactive messages), with optional buttons or files. */
export interface PersonChannel {
  send(conversationReference: unknown, text: string, language: Language, buttons?: string[], files?: OutgoingFile[]): Promise<boolean>;
}
