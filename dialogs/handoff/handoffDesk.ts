import { Language } from '../../knowledge/language';
import { StoredAttachment } from '../../requests/requestSchemas';

/** Where a person is in a handoff: in the queue, talking to an agent, or giving feedback after it. */
export type HandoffPhase = 'waiting' | 'connected' | 'rating' | 'comment';

export interface HandoffSession {
  caseId: string;
  phase: HandoffPhase;
  language: Language;
  agentName?: string;
  /** Place in the queue (1 = next) and a rough wait, while waiting. */
  position?: number;
  waitMinutes?: number;
}

/** What the bot knows about the person asking, as plain data (the reference is the channel's, as JSON). */
export interface JoinRequest {
  conversationId: string;
  conversationReference: unknown;
  channelId: string;
  language: Language;
  reason: 'asked' | 'offered';
}

/** Whether staff answer now, worded for the person. */
export interface DeskHours {
  open: boolean;
  /** "Sunday to Thursday, 08:00 to 16:00 (Riyadh time)". */
  hours: string;
  /** "tomorrow at 08:00 (Riyadh time)", when closed. */
  backAt?: string;
}

/**
 * The people behind the bot, as the conversation sees them. The queue (staff/handoffService.ts)
 * implements it, or Bot Framework handoff events (bot/eventHandoffDesk.ts); index.ts chooses. Plain
 * data in and out, so dialogs/ knows neither staff/ nor how a channel is reached.
 */
export interface HandoffDesk {
  hours(language: Language): DeskHours;
  join(request: JoinRequest): Promise<HandoffSession>;
  /** The conversation's handoff in progress (or feedback after one), if any. */
  sessionOf(conversationId: string): Promise<HandoffSession | undefined>;
  leave(caseId: string): Promise<void>;
  /** A message for the agent, with the files sent with it (already checked and kept pending). */
  personSaid(caseId: string, text: string, files?: StoredAttachment[]): Promise<void>;
  personEnded(caseId: string): Promise<HandoffSession | undefined>;
  /** The person switched language (the language control, or writing in the other one): what the bot tells them follows. */
  changeLanguage(caseId: string, language: Language): Promise<void>;
  rate(caseId: string, rating: number): Promise<void>;
  /** The optional comment; undefined when skipped or when the person moved on. */
  comment(caseId: string, comment: string | undefined): Promise<void>;
  /**
   * A `handoff.status` event from the channel's agent hub (HANDOFF_MODE=event): "accepted",
   * "completed" or "failed". The session after it, or undefined when the conversation has none.
   */
  statusChanged?(conversationId: string, state: string): Promise<HandoffSession | undefined>;
}
