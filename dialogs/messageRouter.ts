import { MessageFactory, TurnContext } from 'botbuilder';
import { content } from '../knowledge/content';
import { message, MessageKey } from '../knowledge/messages';
import { asksHowTo, recognizeCommand, recognizeIntent } from '../knowledge/recognizeIntent';
import { stripInvisibleMarks } from '../knowledge/text/normalizeText';
import { FaqResponder } from './faq/faqResponder';
import { filesIn } from './forms/fileKeeper';
import type { HandoffEntry } from './handoff/handoffEntry';
import { button as actionButton, menuActivity, recognizeMenuItem, Service } from './mainMenu';
import { turnLanguage } from './turnLanguage';

/** Longer than any real question; longer text is refused politely rather than searched. */
export const MAX_QUESTION_LENGTH = 1000;

/** A service a form provides: one on the menu, or adding to a request already submitted (asked for in words, or by sending a file). */
export type FormService = Service | 'addInfo';

/** The form dialog behind each service, by dialog id; a service with none yet answers "coming soon". */
export type ServiceForms = Partial<Record<FormService, string>>;

/** What the router did with a message: replied to it, or decided a form must open (the form host opens it). */
export type Routed = { kind: 'replied' } | { kind: 'openForm'; dialogId: string; text: string };

const REPLIED: Routed = { kind: 'replied' };
/** Services offered with a button after an answer on how they work (rules/service-offers.json). */
const OFFERED_SERVICES = ['submit', 'track'] as const;

/**
 * Where a message goes when no form is open: a button, a command, a request for a service, or a
 * question. One-turn answers (a FAQ answer, help, the menu) are sent here directly, with no dialog
 * to load or save; only a service that needs several turns opens a form. A message works from the
 * very first turn: nobody has to see the greeting or the menu first.
 */
export class MessageRouter {
  constructor(
    private readonly faq: FaqResponder,
    private readonly forms: ServiceForms = {},
    /** The way to staff ('staff' on the menu, asking for a person); without it the item is "coming soon". */
    private readonly handoff?: HandoffEntry,
  ) {}

  async route(context: TurnContext): Promise<Routed> {
    const language = turnLanguage(context);
    const say = (key: MessageKey) => context.sendActivity(menuActivity(language, message(language, key)));
    const text = stripInvisibleMarks(context.activity.text ?? '').trim();

    // A file sent with no form open is most likely for the person's request: it is kept and they are
    // asked which request (a file with a request for a new one goes with that form instead).
    const files = filesIn(context.activity);
    if (files.length && this.forms.addInfo && recognizeIntent(text) !== 'submit' && recognizeMenuItem(text) !== 'submit') return this.startService(context, 'addInfo', text);
    if (!text) {
      await say(context.activity.attachments?.length ? 'attachmentOnly' : 'emptyMessage');
      return REPLIED;
    }
    if (text.length > MAX_QUESTION_LENGTH) {
      await context.sendActivity(message(language, 'tooLong', { max: MAX_QUESTION_LENGTH }));
      return REPLIED;
    }
    switch (recognizeCommand(text)) {
      case 'help':
        await context.sendActivity(message(language, 'help'));
        await context.sendActivity(menuActivity(language));
        return REPLIED;
      case 'menu':
        await context.sendActivity(menuActivity(language));
        return REPLIED;
      case 'cancel':
        await say('nothingToCancel');
        return REPLIED;
    }
    const button = recognizeMenuItem(text);
    const recognized = button ?? recognizeIntent(text);
    // "هل اقدر ارفق مستندات مع طلبي؟" asks whether files can be attached: a question for the documents, not the form.
    const wanted = recognized === 'addInfo' && asksHowTo(text) ? undefined : recognized;
    if (wanted && wanted !== 'ask' && wanted !== 'greet' && !button && !this.forms[wanted] && !(wanted === 'staff' && this.handoff)) {
      // Free text about a service that is not built yet is still a question the documents may answer.
      const result = await this.faq.answer(context, text);
      // Two unanswered questions in a row bring the offer of a human.
      await this.handoff?.afterQuestion(context, result.kind !== 'none');
      return REPLIED;
    }
    if (wanted === 'ask') {
      await context.sendActivity(message(language, 'askPrompt'));
      return REPLIED;
    }
    if (wanted === 'greet') {
      await context.sendActivity(message(language, 'welcome'));
      await context.sendActivity(menuActivity(language));
      return REPLIED;
    }
    if ((wanted === 'submit' || wanted === 'track') && !button && asksHowTo(text)) {
      // "How do I submit a request?" is a question: the documents answer it, then the service is offered.
      const entry = await this.faq.answerEntryIfCovered(context, text);
      if (entry) {
        await this.offer(context, wanted);
        return REPLIED;
      }
    }
    if (wanted) return this.startService(context, wanted, text);
    if (!/[\p{L}\p{N}]/u.test(text)) {
      await say('noWords');
      return REPLIED;
    }
    const entry = await this.faq.answerGivingEntry(context, text);
    // Two unanswered questions in a row bring the offer of a human.
    await this.handoff?.afterQuestion(context, entry !== undefined);
    const offered = entry && OFFERED_SERVICES.find((service) => content().rules.serviceOffers[service].some((heading) => this.faq.entryBySection(heading, language)?.topic === entry.topic));
    if (offered) await this.offer(context, offered);
    return REPLIED;
  }

  /** After an answer on how a service works: the service, one button away. */
  private async offer(context: TurnContext, service: (typeof OFFERED_SERVICES)[number]): Promise<void> {
    if (!this.forms[service]) return;
    const language = turnLanguage(context);
    await context.sendActivity(MessageFactory.suggestedActions([actionButton(message(language, `menu.${service}`))], message(language, `offer.${service}`)));
  }

  /** The service's form to open with the message that asked for it, or a reply that the service is coming. */
  async startService(context: TurnContext, service: FormService, text: string): Promise<Routed> {
    const dialogId = this.forms[service];
    if (dialogId) return { kind: 'openForm', dialogId, text };
    if (service === 'staff' && this.handoff) {
      await this.handoff.requested(context);
      return REPLIED;
    }
    const language = turnLanguage(context);
    const feature = message(language, service === 'addInfo' ? 'track.addInfo' : (`menu.${service}` as MessageKey));
    await context.sendActivity(menuActivity(language, message(language, 'comingSoon', { feature })));
    return REPLIED;
  }
}
