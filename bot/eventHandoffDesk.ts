import crypto from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Activity, CloudAdapter, ConversationReference, EventFactory } from 'botbuilder';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { DeskHours, HandoffDesk, HandoffPhase, HandoffSession, JoinRequest } from '../dialogs/handoff/handoffDesk';
import type { Language } from '../knowledge/language';
import type { Logger } from '../platform/logger';
import type { JournalTranscriptStore } from './journalTranscriptStore';

interface EventSession {
  caseId: string;
  conversationId: string;
  language: Language;
  phase: HandoffPhase | 'done' | 'failed';
  createdAt: string;
  rating?: number;
  comment?: string;
}

/**
 * HANDOFF_MODE=event: rather than our own queue, the conversation is handed to the channel's agent
 * hub (Omnichannel, LivePerson, …) with Bot Framework's handoff protocol: a `handoff.initiate` event
 * (EventFactory.createHandoffInitiation) carrying the transcript, then the hub's `handoff.status`
 * events (accepted, completed, failed). Sessions and ratings are kept in DATA_DIR/handoff/events.json.
 */
export class EventHandoffDesk implements HandoffDesk {
  private constructor(
    private readonly db: Low<{ sessions: EventSession[] }>,
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly transcripts: Pick<JournalTranscriptStore, 'read'>,
    readonly hours: (language: Language) => DeskHours,
    private readonly logger: Logger,
    private readonly now: () => Date,
  ) {}

  static async open(parts: { directory: string; adapter: CloudAdapter; appId: string; transcripts: Pick<JournalTranscriptStore, 'read'>; hours: (language: Language) => DeskHours; logger: Logger; now?: () => Date }) {
    await mkdir(parts.directory, { recursive: true });
    const db = new Low(new JSONFile<{ sessions: EventSession[] }>(path.join(parts.directory, 'events.json')), { sessions: [] });
    await db.read();
    db.data ??= { sessions: [] };
    return new EventHandoffDesk(db, parts.adapter, parts.appId, parts.transcripts, parts.hours, parts.logger, parts.now ?? (() => new Date()));
  }

  private latest(conversationId: string): EventSession | undefined {
    return [...this.db.data.sessions].reverse().find((s) => s.conversationId === conversationId);
  }

  private byCase(caseId: string): EventSession | undefined {
    return this.db.data.sessions.find((s) => s.caseId === caseId);
  }

  private view(session: EventSession | undefined): HandoffSession | undefined {
    if (!session || session.phase === 'done' || session.phase === 'failed') return undefined;
    return { caseId: session.caseId, phase: session.phase, language: session.language };
  }

  async join(request: JoinRequest): Promise<HandoffSession> {
    const current = this.view(this.latest(request.conversationId));
    if (current && (current.phase === 'waiting' || current.phase === 'connected')) return current;
    const session: EventSession = { caseId: crypto.randomUUID(), conversationId: request.conversationId, language: request.language, phase: 'waiting', createdAt: this.now().toISOString() };
    // The conversation so far, as message activities, is attached for the hub's agent.
    const lines = await this.transcripts.read(request.conversationId);
    const reference = request.conversationReference as Partial<ConversationReference>;
    const activities = lines.map(
      (line) =>
        ({
          type: 'message',
          text: line.text,
          timestamp: new Date(line.at),
          from: line.from === 'person' ? reference.user : reference.bot,
          conversation: reference.conversation,
        }) as Partial<Activity> as Activity,
    );
    await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      await context.sendActivity(EventFactory.createHandoffInitiation(context, { caseId: session.caseId, reason: request.reason, language: request.language }, { activities }));
    });
    this.db.data.sessions.push(session);
    await this.db.write();
    this.logger.info('handoff initiated with the agent hub', { caseId: session.caseId, channelId: request.channelId });
    return this.view(session)!;
  }

  async sessionOf(conversationId: string): Promise<HandoffSession | undefined> {
    return this.view(this.latest(conversationId));
  }

  private async update(session: EventSession | undefined, change: Partial<EventSession>): Promise<void> {
    if (!session) return;
    Object.assign(session, change);
    await this.db.write();
  }

  async statusChanged(conversationId: string, state: string): Promise<HandoffSession | undefined> {
    const session = this.latest(conversationId);
    if (!session || session.phase === 'done' || session.phase === 'failed') return undefined;
    if (state === 'accepted') await this.update(session, { phase: 'connected' });
    else if (state === 'completed') await this.update(session, { phase: 'rating' });
    else if (state === 'failed') await this.update(session, { phase: 'failed' });
    return this.view(session);
  }

  async leave(caseId: string): Promise<void> {
    await this.update(this.byCase(caseId), { phase: 'done' });
  }

  /** The hub carries the person's messages to its agent: nothing for the bot to relay. */
  async personSaid(): Promise<void> {}

  async personEnded(caseId: string): Promise<HandoffSession | undefined> {
    const session = this.byCase(caseId);
    await this.update(session, { phase: 'rating' });
    return this.view(session);
  }

  async changeLanguage(caseId: string, language: Language): Promise<void> {
    await this.update(this.byCase(caseId), { language });
  }

  async rate(caseId: string, rating: number): Promise<void> {
    await this.update(this.byCase(caseId), { rating, phase: 'comment' });
  }

  async comment(caseId: string, comment: string | undefined): Promise<void> {
    await this.update(this.byCase(caseId), { ...(comment ? { comment } : {}), phase: 'done' });
  }
}
