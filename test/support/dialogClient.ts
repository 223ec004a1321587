import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Activity, Middleware, TurnContext } from 'botbuilder';
import { Dialog } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import { FaqResponder } from '../../dialogs/faq/faqResponder';
import { setTurnLanguage } from '../../dialogs/turnLanguage';
import { buildKnowledgeBase } from '../../knowledge/build/buildKnowledgeBase';
import { detectLanguage, Language } from '../../knowledge/language';
import { FaqRetriever } from '../../knowledge/retrieval/faqRetriever';
import { createLogger, Logger } from '../../platform/logger';
import { FolderAttachmentStore } from '../../requests/attachmentStore';
import { LowdbRequestStore } from '../../requests/lowdbRequestStore';
import { PersonNotifier } from '../../requests/notifier';
import { RandomRequestNumbers } from '../../requests/requestNumbers';
import { RequestService } from '../../requests/requestService';
import { OutboxSmsSender } from '../../requests/smsSenders';
import { BotReply, textOf } from './conversation';
import { temporaryDataDir } from './testApp';

let sharedFaq: FaqResponder | undefined;

/** The FAQ responder over the knowledge base built from the content, as the bot has it (built once per test file). */
export function faqResponder(): FaqResponder {
  return (sharedFaq ??= new FaqResponder(new FaqRetriever(buildKnowledgeBase())));
}

/** The real parts behind the request forms, as index.ts puts them together, over a fresh data directory. */
export interface RequestParts {
  dataDir: string;
  store: LowdbRequestStore;
  attachments: FolderAttachmentStore;
  requests: RequestService;
  logger: Logger;
  /** Every line logged by the parts and the dialogs given `logger`. */
  logLines: string[];
  /** The SMS outbox file's lines. */
  outbox(): Record<string, any>[];
}

export async function requestParts(dataDir = temporaryDataDir(), now?: () => Date): Promise<RequestParts> {
  const logLines: string[] = [];
  const logger = createLogger('debug', (line) => logLines.push(line));
  const store = await LowdbRequestStore.open(path.join(dataDir, 'requests'));
  const attachments = new FolderAttachmentStore(dataDir);
  const outboxFile = path.join(dataDir, 'outbox', 'sms.jsonl');
  const notifier = new PersonNotifier(new OutboxSmsSender(outboxFile), undefined, logger);
  const requests = new RequestService({ store, numbers: new RandomRequestNumbers(), notifier, attachments, logger, now });
  const outbox = () => (fs.existsSync(outboxFile) ? fs.readFileSync(outboxFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l)) : []);
  return { dataDir, store, attachments, requests, logger, logLines, outbox };
}

/**
 * Sets the reply language of every turn before the dialog runs, by the rule of the bot's
 * ConversationLanguage within one conversation: the language a message is written in, else the one
 * the conversation was last answered in, starting from `language` (the client's locale).
 */
export class TurnLanguage implements Middleware {
  constructor(public language: Language) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    this.language = detectLanguage(context.activity.text ?? '') ?? this.language;
    setTurnLanguage(context, this.language);
    await next();
  }
}

/**
 * One person's conversation with one dialog through botbuilder-testing's DialogTestClient. The
 * first message begins the dialog with `{ text }`, as the form host opens a form with the message
 * that asked for it; every later one continues it. Each chat has its own user and conversation ids.
 */
export class DialogChat {
  readonly id = `test-${crypto.randomUUID()}`;
  readonly user = { id: `user-${crypto.randomUUID()}`, name: 'Test user' };
  private readonly languageMiddleware: TurnLanguage;
  private client?: DialogTestClient;

  constructor(
    private readonly dialog: Dialog,
    language: Language,
    private readonly defaults: Partial<Activity> = {},
  ) {
    this.languageMiddleware = new TurnLanguage(language);
  }

  get testClient(): DialogTestClient | undefined {
    return this.client;
  }

  /** Sends one activity and returns every reply of that turn. */
  async send(activity: Partial<Activity>): Promise<BotReply[]> {
    // The channel is the client's (its adapter stamps it on every activity): a chat on 'webchat' is made so.
    this.client ??= new DialogTestClient(this.defaults.channelId ?? 'test', this.dialog, { text: activity.text ?? '' }, [this.languageMiddleware]);
    const request = { type: 'message', from: this.user, conversation: { id: this.id }, ...this.defaults, ...activity } as Partial<Activity>;
    const replies: Partial<Activity>[] = [];
    for (let reply = await this.client.sendActivity(request); reply; reply = this.client.getNextReply()) replies.push(reply);
    return (replies as BotReply[]).filter((r) => r.type === 'message');
  }

  say(text: string, extra: Partial<Activity> = {}): Promise<BotReply[]> {
    return this.send({ text, ...extra });
  }

  /** Whether the dialog has ended (or was never begun). */
  get ended(): boolean {
    const stack = this.client?.dialogContext?.stack;
    return !stack || stack.length === 0;
  }
}

/** One user turn and what the bot's replies must match. */
export type ChatTurn = [say: string | Partial<Activity>, expected: RegExp];

/** Plays the turns in order, failing on the first reply that does not match; returns the last replies. */
export async function play(chat: DialogChat, turns: ChatTurn[]): Promise<BotReply[]> {
  let replies: BotReply[] = [];
  for (const [say, expected] of turns) {
    replies = typeof say === 'string' ? await chat.say(say) : await chat.send(say);
    const text = textOf(replies);
    if (!expected.test(text)) throw new Error(`After ${JSON.stringify(say)} the bot said:\n${text}\n…which does not match ${expected}`);
  }
  return replies;
}
