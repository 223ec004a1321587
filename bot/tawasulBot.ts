import { ActivityHandler, ActivityTypes, ConversationState, TurnContext, UserState } from 'botbuilder';
import { message } from '../knowledge/messages';
import { recognizeCommand } from '../knowledge/recognizeIntent';
import { FormHost } from '../dialogs/formHost';
import { menuActivity } from '../dialogs/mainMenu';
import { MAX_QUESTION_LENGTH } from '../dialogs/messageRouter';
import { stripInvisibleMarks } from '../knowledge/text/normalizeText';
import { ConversationLanguage } from './conversationLanguage';

/**
 * The ActivityHandler, thin as in BotBuilder-Samples' core-bot: it settles the reply language, hands
 * each message to the form host (the open form, or the router), greets people who join, and saves
 * state at the end of every turn. Everything else lives in dialogs/.
 */
export class TawasulBot extends ActivityHandler {
  private readonly language: ConversationLanguage;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly userState: UserState,
    private readonly forms: FormHost,
  ) {
    super();
    this.language = new ConversationLanguage(conversationState, userState);
    this.onMembersAdded(async (context, next) => {
      const joined = (context.activity.membersAdded ?? []).filter((m) => m.id !== context.activity.recipient?.id);
      if (joined.length > 0) await this.welcome(context);
      await next();
    });
    this.onUnrecognizedActivityType(async (context, next) => {
      await context.sendActivity(message(await this.language.settle(context), 'unsupportedActivity'));
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    // Messages, nearly every turn, go straight to onMessage rather than through ActivityHandler's
    // chain of handlers and `next` calls, which costs a measurable share of a turn (docs/performance.md).
    if (context.activity.type === ActivityTypes.Message) await this.handleMessage(context);
    else await super.run(context);
    await Promise.all([this.conversationState.saveChanges(context, false), this.userState.saveChanges(context, false)]);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    if (await this.refuseTooLong(context)) return;
    const command = recognizeCommand(context.activity.text ?? '');
    if (command === 'english' || command === 'arabic') return this.switchLanguage(context, command === 'english' ? 'en' : 'ar');
    await this.language.settle(context);
    await this.forms.onMessage(context);
  }

  /**
   * Text longer than any question is refused here, before any recogniser, stemmer or prompt reads
   * it: their cost grows with the text (and some faster than linearly), whatever form is open.
   * The person is told in their language, and an open form asks its question again.
   */
  private async refuseTooLong(context: TurnContext): Promise<boolean> {
    const text = context.activity.text;
    if (typeof text !== 'string' || text.length <= MAX_QUESTION_LENGTH || stripInvisibleMarks(text).trim().length <= MAX_QUESTION_LENGTH) return false;
    const language = await this.language.settle(context);
    await context.sendActivity(message(language, 'tooLong', { max: MAX_QUESTION_LENGTH }));
    if (!(await this.forms.repromptOpenForm(context))) await context.sendActivity(menuActivity(language));
    return true;
  }

  /** Greets in the language the person last used, else their client's locale, else Arabic. */
  private async welcome(context: TurnContext): Promise<void> {
    const language = await this.language.settle(context);
    await context.sendActivity(message(language, 'welcome'));
    await context.sendActivity(menuActivity(language));
  }

  private async switchLanguage(context: TurnContext, language: 'ar' | 'en'): Promise<void> {
    await this.language.choose(context, language);
    await context.sendActivity(message(language, 'languageSwitched'));
    // A form in progress asks its current question again, now in the new language.
    if (!(await this.forms.repromptOpenForm(context))) await context.sendActivity(menuActivity(language));
  }
}
