import { EventEmitter } from 'node:events';
import { Language } from '../knowledge/language';
import { message } from '../knowledge/messages';
import { Logger } from '../platform/logger';
import type { DeskHours, HandoffDesk, HandoffSession, JoinRequest } from '../dialogs/handoff/handoffDesk';
import { AttachmentStore } from '../requests/attachmentStore';
import { StoredAttachment } from '../requests/requestSchemas';
import { AgentUpload, CaseFiles } from './caseFiles';
import { Agent, checkOwner } from './caseOwnership';
import { CaseSummary, placeInQueue, shownMessage, summary, workOrderKey } from './caseSummaries';
import { FileLinks, LinkedFile } from './fileLinks';
import { CaseTakenError, HandoffCase, HandoffQueue, HandoffStatus, RelayFile, RelayMessage } from './handoffQueue';
import { AgentRatings, ratingsPerAgent } from './handoffRatings';
import { HandoffRelay } from './handoffRelay';
import type { PersonChannel } from './personChannel';
import { HandoffSweep } from './handoffSweep';
import { pageAfter } from './paging';
import { StaffSchedule } from './staffHours';

// The staff API names these here, where they have always been.
export { NotConnectedError, NotYoursError } from './caseOwnership';
export type { Agent } from './caseOwnership';
export { shownMessage, summary } from './caseSummaries';
export type { CaseSummary } from './caseSummaries';

/** What the console's feed carries: a case changed, or a message was said in one. */
export type FeedEvent = { type: 'case'; case: CaseSummary } | { type: 'message'; caseId: string; message: RelayMessage };

export interface HandoffServiceParts {
  queue: HandoffQueue;
  channel: PersonChannel;
  schedule: StaffSchedule;
  logger: Logger;
  now?: () => Date;
  agentTimeoutMs: number;
  /** Where the files said in a case are kept, and the limits the request form uses. */
  files: { store: AttachmentStore; maxBytes: number; maxFiles: number };
  /** Links to an officer's files too large to go inside a message (staff/fileLinks.ts). */
  links?: FileLinks;
}

/**
 * The queue of people waiting for staff and the relay between them: the person's side (HandoffDesk,
 * through the bot) and the staff's side (the staff API). Events for the console's live feed are
 * emitted as 'feed'. This class keeps a case's states (waiting, connected, ended, rated); what is said
 * while connected is the relay's (staff/handoffRelay.ts), what time does the sweep's
 * (staff/handoffSweep.ts), which `start` runs on a timer.
 */
export class HandoffService extends EventEmitter implements HandoffDesk {
  private readonly queue: HandoffQueue;
  private readonly channel: PersonChannel;
  private readonly schedule: StaffSchedule;
  private readonly logger: Logger;
  private readonly now: () => Date;
  readonly agentTimeoutMs: number;
  private readonly relay: HandoffRelay;
  private readonly timeouts: HandoffSweep;
  private timer?: NodeJS.Timeout;

  constructor(parts: HandoffServiceParts) {
    super();
    this.setMaxListeners(0);
    ({ queue: this.queue, channel: this.channel, schedule: this.schedule, logger: this.logger, agentTimeoutMs: this.agentTimeoutMs } = parts);
    this.now = parts.now ?? (() => new Date());
    const files = new CaseFiles(parts.files);
    const { queue, channel, now } = this;
    this.relay = new HandoffRelay({ queue, channel, files, links: parts.links, now, said: (caseId, said) => this.emitMessage(caseId, said) });
    this.timeouts = new HandoffSweep({ queue, schedule: this.schedule, files, logger: this.logger, now, agentTimeoutMs: this.agentTimeoutMs, caseChanged: (c, position) => this.emitCase(c, position), tell: (c, text) => this.tell(c, text) });
  }

  start(): void {
    this.timer = setInterval(() => void this.sweep().catch((error: Error) => this.logger.warn('handoff sweep failed', { error: error.message })), Math.min(this.agentTimeoutMs / 4, 15_000));
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private emitCase(changed: HandoffCase, position?: number): void {
    this.emit('feed', { type: 'case', case: summary(changed, position) } satisfies FeedEvent);
  }

  private emitMessage(caseId: string, said: RelayMessage): void {
    this.emit('feed', { type: 'message', caseId, message: shownMessage(said) } satisfies FeedEvent);
  }

  // ——— the person's side ———

  hours(language: Language): DeskHours {
    const now = this.now();
    const { open, backAt } = this.schedule.availability(now);
    return { open, hours: this.schedule.describe(language), backAt: backAt && this.schedule.describeBack(backAt, now, language) };
  }

  async join(request: JoinRequest): Promise<HandoffSession> {
    const current = await this.sessionOf(request.conversationId);
    if (current && (current.phase === 'waiting' || current.phase === 'connected')) return current;
    const added = await this.queue.add({ ...request }, this.now());
    this.logger.info('handoff queued', { caseId: added.id, channelId: added.channelId, reason: added.reason });
    const session = await this.sessionFor(added);
    this.emitCase(added, session.position);
    return session;
  }

  async sessionOf(conversationId: string): Promise<HandoffSession | undefined> {
    const current = await this.queue.currentFor(conversationId);
    return current && this.sessionFor(current);
  }

  private async sessionFor(found: HandoffCase): Promise<HandoffSession> {
    const base = { caseId: found.id, language: found.language, agentName: found.agentName };
    if (found.status === 'assigned') return { ...base, phase: 'connected' };
    if (found.status === 'resolved') return { ...base, phase: found.feedback === 'comment' ? 'comment' : 'rating' };
    const { position, waitMinutes } = await this.placeOf(found.id);
    return { ...base, phase: 'waiting', position, waitMinutes };
  }

  private async placeOf(caseId: string): Promise<{ position: number; waitMinutes: number }> {
    return placeInQueue(await this.queue.standing(caseId));
  }

  async leave(caseId: string): Promise<void> {
    const left = await this.queue.change(caseId, (c) => (c.status === 'waiting' ? { ...c, status: 'abandoned', endedAt: this.now().toISOString(), endedBy: 'person' } : false));
    if (left) this.emitCase(left);
  }

  personSaid(caseId: string, text: string, files: StoredAttachment[] = []): Promise<void> {
    return this.relay.personSaid(caseId, text, files);
  }

  async personEnded(caseId: string): Promise<HandoffSession | undefined> {
    const ended = await this.queue.change(caseId, (c) =>
      c.status === 'assigned' ? { ...c, status: 'resolved', endedAt: this.now().toISOString(), endedBy: 'person', feedback: 'rating' } : false,
    );
    if (!ended || ended.status !== 'resolved') return undefined;
    this.emitCase(ended);
    return this.sessionFor(ended);
  }

  async changeLanguage(caseId: string, language: Language): Promise<void> {
    const changed = await this.queue.change(caseId, (c) => (c.language !== language && (c.status === 'waiting' || c.status === 'assigned' || c.feedback === 'rating' || c.feedback === 'comment') ? { ...c, language } : false));
    if (changed?.language !== language) return;
    const position = changed.status === 'waiting' ? (await this.placeOf(changed.id)).position : undefined;
    this.emitCase(changed, position);
  }

  async rate(caseId: string, rating: number): Promise<void> {
    const rated = await this.queue.change(caseId, (c) => (c.feedback === 'rating' ? { ...c, rating, feedback: 'comment' } : false));
    if (rated) this.emitCase(rated);
  }

  async comment(caseId: string, comment: string | undefined): Promise<void> {
    const done = await this.queue.change(caseId, (c) => (c.feedback === 'rating' || c.feedback === 'comment' ? { ...c, ...(comment ? { comment } : {}), feedback: 'done' } : false));
    if (done) this.emitCase(done);
  }

  // ——— the staff's side ———

  /**
   * Cases a page at a time, in the order staff work them: the waiting in queue order, then those in
   * progress, then the finished, newest first. `after` is the key a page's `next` cursor holds.
   */
  async list(options: { statuses?: HandoffStatus[]; limit?: number; after?: string } = {}): Promise<{ handoffs: CaseSummary[]; next?: string }> {
    const all = await this.queue.list();
    const waiting = all.filter((c) => c.status === 'waiting').sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
    const shown = options.statuses ? all.filter((c) => options.statuses!.includes(c.status)) : all;
    const { page, next } = pageAfter(shown, workOrderKey, options.limit ?? Number.MAX_SAFE_INTEGER, options.after);
    return { handoffs: page.map((c) => summary(c, c.status === 'waiting' ? waiting.indexOf(c) + 1 : undefined)), ...(next ? { next } : {}) };
  }

  get(id: string): Promise<HandoffCase | undefined> {
    return this.queue.get(id);
  }

  /** Takes a waiting case for an agent; CaseTakenError when it is not waiting any more (another agent was first). */
  async claim(id: string, agent: Agent): Promise<HandoffCase | undefined> {
    const at = this.now().toISOString();
    const claimed = await this.queue.change(id, (c) => {
      if (c.status !== 'waiting') throw new CaseTakenError(c);
      return { ...c, status: 'assigned', agent: agent.username, agentName: agent.displayName, assignedAt: at, lastAgentAt: at, claimedOnce: true };
    });
    if (!claimed) return undefined;
    this.emitCase(claimed);
    this.logger.info('handoff claimed', { caseId: id, agent: agent.username });
    await this.tell(claimed, message(claimed.language, 'handoff.connected', { agent: agent.displayName }));
    return claimed;
  }

  /** An agent's message to the person, with any files (staff/handoffRelay.ts). */
  agentSay(id: string, agent: Agent | undefined, text: string, uploads: AgentUpload[] = []): Promise<HandoffCase | undefined> {
    return this.relay.agentSay(id, agent, text, uploads);
  }

  /** A file said in a case, for the agent who took it only (NotYoursError otherwise). */
  fileOf(id: string, fileId: string, agent: Agent | undefined): Promise<{ file: RelayFile; content: Buffer } | undefined> {
    return this.relay.fileOf(id, fileId, agent);
  }

  /** A file an officer sent, for the person who follows its link. */
  sentFile(linked: LinkedFile): Promise<{ file: RelayFile; content: Buffer } | undefined> {
    return this.relay.sentFile(linked);
  }

  /** The agent ends the conversation: the bot takes over and asks for a rating. */
  async agentEnded(id: string, agent: Agent | undefined): Promise<HandoffCase | undefined> {
    const ended = await this.queue.change(id, (c) => {
      checkOwner(c, agent);
      return { ...c, status: 'resolved', endedAt: this.now().toISOString(), endedBy: 'agent', feedback: 'rating' };
    });
    if (!ended) return undefined;
    this.emitCase(ended);
    const name = ended.agentName ?? message(ended.language, 'handoff.agentFallback');
    await this.tell(ended, message(ended.language, 'handoff.endedByAgent', { agent: name }));
    await this.tell(ended, message(ended.language, 'handoff.ratePrompt'), ['1', '2', '3', '4', '5']);
    return ended;
  }

  /** Ratings per agent (staff/handoffRatings.ts); `only` narrows to one agent: an agent sees their own, never another's. */
  async ratings(only?: string): Promise<Record<string, AgentRatings>> {
    return ratingsPerAgent(await this.queue.list(['resolved']), only);
  }

  /** Forgets what cases that ended more than `retentionDays` ago hold of the person (staff/handoffSweep.ts); returns how many files went. */
  forgetEnded(retentionDays: number): Promise<number> {
    return this.timeouts.forgetEnded(retentionDays);
  }

  /** Returns cases whose agent went silent to the queue, and closes waits that went on too long. */
  sweep(): Promise<void> {
    return this.timeouts.sweep();
  }

  /** A message from the bot to the person; a channel that cannot be reached is logged, not thrown. */
  private async tell(c: HandoffCase, text: string, buttons?: string[]): Promise<void> {
    try {
      await this.channel.send(c.conversationReference, text, c.language, buttons);
    } catch (error) {
      this.logger.warn('could not reach the person of a handoff', { caseId: c.id, error: (error as Error).message });
    }
  }
}
