import { Activity, MessageFactory, StatePropertyAccessor, TurnContext } from 'botbuilder';
import memoizeOne from 'memoize-one';
import { Content, content } from '../../knowledge/content';
import { detectLanguage, Language } from '../../knowledge/language';
import { allWordings, message } from '../../knowledge/messages';
import { recognizeCommand, recognizeServicePhrase } from '../../knowledge/recognizeIntent';
import { normalizeForMatching } from '../../knowledge/text/normalizeText';
import { Logger } from '../../platform/logger';
import { StoredAttachment } from '../../requests/requestSchemas';
import { FileKeeper, FileRules, filesIn } from '../forms/fileKeeper';
import { button, menuActivity } from '../mainMenu';
import { setTurnLanguage, turnLanguage } from '../turnLanguage';
import { HandoffDesk, HandoffSession } from './handoffDesk';

/** After this many questions in a row the documents do not answer, the bot offers a human. */
export const UNANSWERED_BEFORE_OFFER = 2;

/** What ends a conversation with an agent, written folded as normalizeForMatching gives it. */
const END_WORDS = new Set(['end', 'end chat', 'end conversation', 'انهاء', 'انهاء المحادثه', 'انهي المحادثه', 'انهي']);
const RATING = /^\s*([1-5١-٥])\s*$/;

/** What may close a wording the person types ("end.", "انهاء!"): taken off before comparing. */
const CLOSING_MARKS = new Set(['.', '!', '؟', '?', '،', ',']);

/** A message as its wordings are compared: folded, without closing marks. Read from the end, not searched: most messages end in a letter. */
function folded(text: string): string {
  const said = normalizeForMatching(text);
  let end = said.length;
  while (end > 0 && CLOSING_MARKS.has(said[end - 1])) end--;
  return end === said.length ? said : said.slice(0, end).trim();
}

/** The wordings a handoff turn is compared with (every message of a conversation without a handoff asks about one). */
type Wording = 'handoff.waitAnyway' | 'handoff.skip' | 'menu.staff';

/** Each wording folded in every language, once per message catalogue rather than on every message. */
const foldedWordings = memoizeOne((_catalogue: Content['messages']) => new Map<Wording, Set<string>>());

function isWording(text: string, key: Wording): boolean {
  const byKey = foldedWordings(content().messages);
  let wordings = byKey.get(key);
  if (!wordings) byKey.set(key, (wordings = new Set(allWordings(key).map(folded))));
  return wordings.has(folded(text));
}

/**
 * "I want a person" in any words: the staff intent's phrases, in a short message (a long one that
 * mentions "الموظف" in passing is about something else). Mid-form, a free-text step takes only the
 * shortest such messages as a request to leave.
 */
export function asksForHuman(text: string, freeText = false): boolean {
  const words = text.trim().split(/\s+/).length;
  // Only a service phrase names staff: the message need not be read as a fines question or a greeting too.
  return words <= (freeText ? 3 : 6) && recognizeServicePhrase(text) === 'staff';
}

/**
 * The person's way to staff, on the conversation's side: asking (menu, free text, mid-form), the
 * bot's offer after unanswered questions, the queue's replies, and the turns of a handoff in progress
 * (HandoffMiddleware hands each message to `intercept` before the bot sees it).
 */
export class HandoffEntry {
  constructor(
    private readonly desk: HandoffDesk,
    private readonly unanswered: StatePropertyAccessor<number>,
    /** Files the person sends while connected go to the agent under the request form's rules. */
    fileRules: FileRules,
    logger: Logger,
  ) {
    this.files = new FileKeeper(fileRules, logger);
  }

  private readonly files: FileKeeper;

  /** The person asked for a human (the menu's button, free text, the offer's button). */
  async requested(context: TurnContext): Promise<void> {
    const language = turnLanguage(context);
    await this.unanswered.delete(context);
    const current = await this.desk.sessionOf(context.activity.conversation.id);
    if (current?.phase === 'waiting') return void (await context.sendActivity(this.waitingText(current)));
    const hours = this.desk.hours(language);
    if (!hours.open) {
      const buttons = [message(language, 'handoff.waitAnyway'), message(language, 'menu.submit'), message(language, 'menu.show')].map((label) => button(label));
      await context.sendActivity(MessageFactory.suggestedActions(buttons, message(language, 'handoff.closed', { hours: hours.hours, backAt: hours.backAt ?? '' })));
      return;
    }
    await this.join(context, language);
  }

  private async join(context: TurnContext, language: Language): Promise<void> {
    const session = await this.desk.join({
      conversationId: context.activity.conversation.id,
      conversationReference: JSON.parse(JSON.stringify(TurnContext.getConversationReference(context.activity))),
      channelId: context.activity.channelId,
      language,
      reason: 'asked',
    });
    if (session.phase !== 'waiting') return;
    // An agent hub reached by handoff events gives no place in a queue.
    if (session.position === undefined) await context.sendActivity(message(language, 'handoff.passedOn'));
    else await context.sendActivity(message(language, 'handoff.joined', { position: session.position, minutes: session.waitMinutes ?? 1 }));
  }

  /** A `handoff.status` event (HANDOFF_MODE=event): the hub accepted, finished, or could not take the conversation. */
  async statusEvent(context: TurnContext): Promise<void> {
    const state = String((context.activity.value as { state?: unknown } | undefined)?.state ?? '');
    const before = await this.desk.sessionOf(context.activity.conversation.id);
    const after = await this.desk.statusChanged?.(context.activity.conversation.id, state);
    const language = after?.language ?? before?.language ?? turnLanguage(context);
    const agent = message(language, 'handoff.agentFallback');
    if (state === 'accepted' && after?.phase === 'connected') await context.sendActivity(message(language, 'handoff.connected', { agent }));
    else if (state === 'completed' && after?.phase === 'rating') {
      await context.sendActivity(message(language, 'handoff.endedByAgent', { agent }));
      await context.sendActivity(MessageFactory.suggestedActions(['1', '2', '3', '4', '5'].map((n) => button(n)), message(language, 'handoff.ratePrompt')));
    } else if (state === 'failed' && before) await context.sendActivity(menuActivity(language, message(language, 'handoff.unavailable')));
  }

  private waitingText(session: HandoffSession): string {
    if (session.position === undefined) return message(session.language, 'handoff.passedOn');
    return message(session.language, 'handoff.alreadyWaiting', { position: session.position, minutes: session.waitMinutes ?? 1 });
  }

  /**
   * Follows a switch of language during a handoff, so the queue's, the officer's arrival, the end and
   * the rating are told in the new one: the language control's word ("English", "عربي") at any
   * point, or, while waiting or connected, a message written in the other language. Updates
   * `session.language`; says how the switch came.
   */
  private async followLanguage(context: TurnContext, session: HandoffSession): Promise<'chosen' | 'written' | undefined> {
    const text = context.activity.text ?? '';
    const command = recognizeCommand(text);
    const chosen: Language | undefined = command === 'english' ? 'en' : command === 'arabic' ? 'ar' : undefined;
    const written = session.phase === 'waiting' || session.phase === 'connected' ? detectLanguage(text) : undefined;
    const language = chosen ?? written;
    if (!language) return undefined;
    if (language !== session.language) {
      await this.desk.changeLanguage(session.caseId, language);
      session.language = language;
    }
    return chosen ? 'chosen' : 'written';
  }

  /** After a question: the second unanswered one in a row brings the offer of a human. */
  async afterQuestion(context: TurnContext, answered: boolean): Promise<void> {
    if (answered) return void (await this.unanswered.delete(context));
    const streak = ((await this.unanswered.get(context)) ?? 0) + 1;
    if (streak < UNANSWERED_BEFORE_OFFER) return void (await this.unanswered.set(context, streak));
    await this.unanswered.delete(context);
    if ((await this.desk.sessionOf(context.activity.conversation.id))?.phase === 'waiting') return;
    const language = turnLanguage(context);
    await context.sendActivity(
      MessageFactory.suggestedActions([button(message(language, 'menu.staff')), button(message(language, 'menu.show'))], message(language, 'handoff.offerAfterUnanswered')),
    );
  }

  /**
   * A message during a handoff, before the bot sees it. True when it was handled here: while
   * connected every message goes to the agent ("end" aside); while waiting only "cancel" and asking
   * again are ours (other questions go to the bot); after the end, the rating and the comment.
   */
  async intercept(context: TurnContext): Promise<boolean> {
    const text = (context.activity.text ?? '').trim();
    const session = await this.desk.sessionOf(context.activity.conversation.id);
    if (!session) {
      if (!isWording(text, 'handoff.waitAnyway')) return false;
      // "Wait for an officer" after the out-of-hours answer.
      await this.join(context, detectLanguage(text) ?? turnLanguage(context));
      return true;
    }
    const switched = await this.followLanguage(context, session);
    const language = session.language;
    const say = (reply: string | Partial<Activity>) => context.sendActivity(typeof reply === 'string' ? { type: 'message', text: reply, locale: language === 'ar' ? 'ar-SA' : 'en-US' } : reply);
    switch (session.phase) {
      case 'connected': {
        // The language control's word is for the bot, not the officer.
        if (switched === 'chosen') {
          await say(message(language, 'handoff.languageSwitched', { agent: session.agentName ?? message(language, 'handoff.agentFallback') }));
          return true;
        }
        if (END_WORDS.has(folded(text))) {
          await this.desk.personEnded(session.caseId);
          await say(message(language, 'handoff.endedByPerson', { agent: session.agentName ?? message(language, 'handoff.agentFallback') }));
          await say(MessageFactory.suggestedActions(['1', '2', '3', '4', '5'].map((n) => button(n)), message(language, 'handoff.ratePrompt')));
          return true;
        }
        const files: StoredAttachment[] = [];
        const sent = filesIn(context.activity);
        if (sent.length) {
          // A refused file is explained in the handoff's language (the bot has not settled this turn's).
          setTurnLanguage(context, language);
          await this.files.keep(context, sent, files, undefined, false);
        }
        if (text || files.length) await this.desk.personSaid(session.caseId, text, files);
        return true;
      }
      case 'waiting': {
        if (recognizeCommand(text) === 'cancel') {
          await this.desk.leave(session.caseId);
          await say(menuActivity(language, message(language, 'handoff.left')));
          return true;
        }
        if (asksForHuman(text) || isWording(text, 'handoff.waitAnyway') || isWording(text, 'menu.staff')) {
          await say(this.waitingText(session));
          return true;
        }
        return false;
      }
      case 'rating': {
        const rating = RATING.exec(text)?.[1];
        if (!rating) {
          // Not a rating: the person moved on; the bot answers as usual.
          await this.desk.comment(session.caseId, undefined);
          return false;
        }
        await this.desk.rate(session.caseId, Number(rating.replace(/[١-٥]/, (d) => String(d.charCodeAt(0) - 0x0660))));
        await say(MessageFactory.suggestedActions([button(message(language, 'handoff.skip'))], message(language, 'handoff.commentPrompt')));
        return true;
      }
      case 'comment': {
        const skipped = isWording(text, 'handoff.skip') || !text;
        await this.desk.comment(session.caseId, skipped ? undefined : text.slice(0, 2000));
        await say(menuActivity(language, message(language, 'handoff.thanks')));
        return true;
      }
    }
  }
}
