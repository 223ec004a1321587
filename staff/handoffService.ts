import { EventEmitter } from 'node:events';
import { Language } from '../knowledge/language';
import { message } from '../knowledge/messages';
import { Logger } from '../platform/logger';
import type { DeskHours, HandoffDesk, HandoffSession, JoinRequest } from '../dialogs/handoff/handoffDesk';
import type { OutgoingFile } from '../bot/personMessenger';
import { AttachmentStore } from '../requests/attachmentStore';
import { StoredAttachment } from '../requests/requestSchemas';
import { AgentUpload, CaseFiles } from './caseFiles';
import { CaseTakenError, HandoffCase, HandoffQueue, HandoffStatus, RelayFile, RelayMessage } from './handoffQueue';
import { AgentRatings, ratingsPerAgent } from './handoffRatings';
import { pageAfter } from './paging';
import { StaffSchedule } from './staffHours';

/** Messages to the person outside a turn (the bot's proactive messages), with optional buttons or files. */
export interface PersonChannel {
  send(conversationReference: unknown, text: string, language: Language, buttons?: string[], files?: OutgoingFile[]): Promise<boolean>;
}

export interface Agent {
  username: string;
  displayName: string;
}

/** What the console's feed carries: a case changed, or a message was said in one. */
export type FeedEvent = { type: 'case'; case: CaseSummary } | { type: 'message'; caseId: string; message: RelayMessage };

export type CaseSummary = Omit<HandoffCase, 'conversationReference' | 'messages'> & { position?: number };

export class NotYoursError extends Error {}
export class NotConnectedError extends Error {}

const MINUTE_MS = 60_000;
/** A waiting case with nobody to take it is closed after this long within staff hours, and the person told. */
const WAIT_LIMIT_MS = 4 * 60 * MINUTE_MS;
/** The wait estimate's guess of a conversation's length before any has ended. */
const DEFAULT_HANDLING_MINUTES = 5;

export interface HandoffServiceParts {
  queue: HandoffQueue;
  channel: PersonChannel;
  schedule: StaffSchedule;
  logger: Logger;
  now?: () => Date;
  agentTimeoutMs: number;
  /** Where the files said in a case are kept, and the limits the request form uses. */
  files: { store: AttachmentStore; maxBytes: number; maxFiles: number };
}

/** A message as staff see it: the files' names and sizes, not where they are kept. */
export const shownMessage = (said: RelayMessage): RelayMessage =>
  said.files ? { ...said, files: said.files.map(({ file: _file, ...shown }) => shown as RelayFile) } : said;

/** A case's place in the order staff work them, as a string that sorts so (see `list`). */
const workOrderKey = (c: HandoffCase): string => {
  if (c.status === 'waiting') return `0|${c.queuedAt}|${c.id}`;
  if (c.status === 'assigned') return `1|${c.queuedAt}|${c.id}`;
  const newestFirst = String(9e15 - Date.parse(c.endedAt ?? c.createdAt)).padStart(16, '0');
  return `2|${newestFirst}|${c.id}`;
};

export const summary = ({ conversationReference: _r, messages: _m, ...rest }: HandoffCase, position?: number): CaseSummary => ({ ...rest, ...(position ? { position } : {}) });

/**
 * The queue of people waiting for staff and the relay between them: the person's side (HandoffDesk,
 * through the bot) and the staff's side (the staff API). Events for the console's live feed are
 * emitted as 'feed'. Silent agents are found by `sweep`, which `start` runs on a timer.
 */
export class HandoffService extends EventEmitter implements HandoffDesk {
  private readonly queue: HandoffQueue;
  private readonly channel: PersonChannel;
  private readonly schedule: StaffSchedule;
  private readonly logger: Logger;
  private readonly now: () => Date;
  readonly agentTimeoutMs: number;
  private readonly files: CaseFiles;
  private timer?: NodeJS.Timeout;

  constructor(parts: HandoffServiceParts) {
    super();
    this.setMaxListeners(0);
    ({ queue: this.queue, channel: this.channel, schedule: this.schedule, logger: this.logger, agentTimeoutMs: this.agentTimeoutMs } = parts);
    this.files = new CaseFiles(parts.files);
    this.now = parts.now ?? (() => new Date());
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
    const latest = await this.queue.latestFor(conversationId);
    if (!latest) return undefined;
    if (latest.status === 'waiting' || latest.status === 'assigned') return this.sessionFor(latest);
    if (latest.status === 'resolved' && (latest.feedback === 'rating' || latest.feedback === 'comment')) return this.sessionFor(latest);
    return undefined;
  }

  private async sessionFor(found: HandoffCase): Promise<HandoffSession> {
    const base = { caseId: found.id, language: found.language, agentName: found.agentName };
    if (found.status === 'assigned') return { ...base, phase: 'connected' };
    if (found.status === 'resolved') return { ...base, phase: found.feedback === 'comment' ? 'comment' : 'rating' };
    const { position, waitMinutes } = await this.placeOf(found);
    return { ...base, phase: 'waiting', position, waitMinutes };
  }

  /** Place in the queue, first come first served, and a rough wait: place × a recent conversation's length ÷ agents busy. */
  private async placeOf(found: HandoffCase): Promise<{ position: number; waitMinutes: number }> {
    const all = await this.queue.list();
    const waiting = all.filter((c) => c.status === 'waiting').sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
    const position = waiting.findIndex((c) => c.id === found.id) + 1;
    const recent = all
      .filter((c) => c.status === 'resolved' && c.assignedAt && c.endedAt)
      .sort((a, b) => b.endedAt!.localeCompare(a.endedAt!))
      .slice(0, 20)
      .map((c) => (Date.parse(c.endedAt!) - Date.parse(c.assignedAt!)) / MINUTE_MS);
    const handling = recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : DEFAULT_HANDLING_MINUTES;
    const agents = Math.max(1, new Set(all.filter((c) => c.status === 'assigned').map((c) => c.agent)).size);
    return { position, waitMinutes: Math.max(1, Math.ceil((position * handling) / agents)) };
  }

  async leave(caseId: string): Promise<void> {
    const left = await this.queue.change(caseId, (c) => (c.status === 'waiting' ? { ...c, status: 'abandoned', endedAt: this.now().toISOString(), endedBy: 'person' } : false));
    if (left) this.emitCase(left);
  }

  async personSaid(caseId: string, text: string, files: StoredAttachment[] = []): Promise<void> {
    // Kept with the case, out of reach of the sweep of abandoned form files.
    const adopted = await this.files.adopt(files);
    const said: RelayMessage = { from: 'person', text, at: this.now().toISOString(), ...(adopted.length ? { files: adopted } : {}) };
    // The console hears it at once; the record follows.
    this.emitMessage(caseId, said);
    const recorded = await this.queue.change(caseId, (c) => (c.status === 'assigned' ? { ...c, messages: [...c.messages, said] } : false));
    if (recorded?.status !== 'assigned') await this.files.discard(adopted);
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
    const position = changed.status === 'waiting' ? (await this.placeOf(changed)).position : undefined;
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

  private checkOwner(c: HandoffCase, agent: Agent | undefined): void {
    if (c.status !== 'assigned') throw new NotConnectedError(`case ${c.id} is ${c.status}`);
    if (agent && c.agent !== agent.username) throw new NotYoursError(`case ${c.id} is taken by another agent`);
  }

  /**
   * An agent's message, to the person's channel, with any files (checked as the form checks a
   * person's: AttachmentRefused when one is not acceptable, and nothing is sent). `agent` undefined:
   * the bearer token, which may act on any case.
   */
  async agentSay(id: string, agent: Agent | undefined, text: string, uploads: AgentUpload[] = []): Promise<HandoffCase | undefined> {
    const found = await this.queue.get(id);
    if (!found) return undefined;
    this.checkOwner(found, agent);
    const kept = await this.files.keepUploads(uploads);
    try {
      await this.channel.send(found.conversationReference, text, found.language, undefined, await this.files.inline(kept));
    } catch (error) {
      await this.files.discard(kept);
      throw error;
    }
    const said: RelayMessage = { from: 'agent', text, at: this.now().toISOString(), agent: agent?.username ?? found.agent, ...(kept.length ? { files: kept } : {}) };
    this.emitMessage(id, said);
    return this.queue.change(id, (c) => (c.status === 'assigned' ? { ...c, lastAgentAt: said.at, messages: [...c.messages, said] } : false));
  }

  /**
   * A file said in a case, for the agent who took it and nobody else (NotYoursError): a person's
   * documents go to the officer they were sent to. Undefined when the case or the file is not there.
   */
  async fileOf(id: string, fileId: string, agent: Agent | undefined): Promise<{ file: RelayFile; content: Buffer } | undefined> {
    const found = await this.queue.get(id);
    if (!found) return undefined;
    if (!agent || !found.agent || found.agent !== agent.username) throw new NotYoursError(`case ${id} is not yours`);
    const file = found.messages.flatMap((m) => m.files ?? []).find((f) => f.id === fileId && !f.deleted);
    const content = file && (await this.files.content(file.id));
    return file && content ? { file, content } : undefined;
  }

  /** The agent ends the conversation: the bot takes over and asks for a rating. */
  async agentEnded(id: string, agent: Agent | undefined): Promise<HandoffCase | undefined> {
    const ended = await this.queue.change(id, (c) => {
      this.checkOwner(c, agent);
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

  /**
   * Deletes the files of cases that ended more than `retentionDays` ago, as the transcripts are
   * (TRANSCRIPT_RETENTION_DAYS): a person's documents are not kept past their conversation's record.
   * The messages keep the files' names, marked as deleted. Returns how many files went.
   */
  async forgetFiles(retentionDays: number): Promise<number> {
    const cutoff = this.now().getTime() - retentionDays * 24 * 60 * MINUTE_MS;
    let removed = 0;
    for (const c of await this.queue.list(['resolved', 'abandoned', 'expired'])) {
      const files = c.messages.flatMap((m) => m.files ?? []).filter((f) => !f.deleted);
      if (!files.length || !c.endedAt || Date.parse(c.endedAt) > cutoff) continue;
      await this.files.discard(files);
      await this.queue.change(c.id, (current) => ({ ...current, messages: current.messages.map((m) => (m.files ? { ...m, files: m.files.map((f) => ({ ...f, deleted: true })) } : m)) }));
      removed += files.length;
    }
    return removed;
  }

  /** Returns cases whose agent went silent to the queue, and closes waits that went on too long. */
  async sweep(): Promise<void> {
    const now = this.now();
    for (const c of await this.queue.list(['assigned', 'waiting'])) {
      if (c.status === 'assigned' && now.getTime() - Date.parse(c.lastAgentAt ?? c.assignedAt!) > this.agentTimeoutMs) {
        const returned = await this.queue.change(c.id, (current) =>
          current.status === 'assigned' && current.lastAgentAt === c.lastAgentAt
            ? { ...current, status: 'waiting', agent: undefined, agentName: undefined, assignedAt: undefined, lastAgentAt: undefined, queuedAt: current.createdAt, returns: current.returns + 1 }
            : false,
        );
        if (returned?.status !== 'waiting') continue;
        this.logger.info('handoff returned to the queue: the agent was silent', { caseId: c.id, agent: c.agent });
        const { position } = await this.placeOf(returned);
        this.emitCase(returned, position);
        await this.tell(returned, message(returned.language, 'handoff.returned', { position }));
      } else if (c.status === 'waiting' && this.waitedTooLong(c, now)) {
        const expired = await this.queue.change(c.id, (current) => (current.status === 'waiting' ? { ...current, status: 'expired', endedAt: now.toISOString(), endedBy: 'system' } : false));
        if (expired?.status !== 'expired') continue;
        this.emitCase(expired);
        await this.tell(expired, message(expired.language, 'handoff.expired'));
      }
    }
  }

  /**
   * A wait counts only while staff are working: someone who joined on Friday waits from Sunday's
   * opening, and nobody expires while staff are away.
   */
  private waitedTooLong(c: HandoffCase, now: Date): boolean {
    const { open } = this.schedule.availability(now);
    if (!open) return false;
    const since = Math.max(Date.parse(c.queuedAt), this.schedule.openedAt(now)?.getTime() ?? 0);
    return now.getTime() - since > WAIT_LIMIT_MS;
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
