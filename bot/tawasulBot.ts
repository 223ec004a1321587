import { ActivityHandler, ActivityTypes, ConversationState, StatePropertyAccessor, TurnContext, UserState } from 'botbuilder';
import { Dialog, DialogSet, DialogState, DialogTurnStatus } from 'botbuilder-dialogs';
import { z } from 'zod';
import { detectLanguage, Language, languageFromLocale } from '../knowledge/language';
import { message } from '../knowledge/messages/messages';
import { recognizeCommand } from '../knowledge/recognizeIntent';
import { isLeaveForm } from '../dialogs/interruptibleDialog';
import { MessageRouter, OpenForm } from '../dialogs/messageRouter';
import { menuActivity } from '../dialogs/menu';
import { setTurnLanguage } from '../dialogs/turnLanguage';

const UserProfile = z.object({ language: Language.optional() });
type UserProfile = z.infer<typeof UserProfile>;
/** Whatever is stored, a profile: one written by an older version or by hand is read as empty. */
const StoredProfile = UserProfile.catch({});
/** The language a conversation is being answered in; anything else stored there reads as none. */
const StoredLanguage = Language.optional().catch(undefined);

/**
 * The ActivityHandler: settles the reply language, hands each message to the open form or, with
 * none open, to the router; greets people who join, and saves state at the end of every turn.
 * Everything else lives in dialogs.
 */
export class TawasulBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly userProfile: StatePropertyAccessor<UserProfile>;
  private readonly conversationLanguage: StatePropertyAccessor<Language | undefined>;
  private readonly dialogs: DialogSet;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly userState: UserState,
    private readonly router: MessageRouter,
    forms: Dialog[],
  ) {
    super();
    this.dialogState = conversationState.createProperty('dialogState');
    this.userProfile = userState.createProperty('userProfile');
    this.conversationLanguage = conversationState.createProperty('language');
    this.dialogs = new DialogSet(this.dialogState);
    for (const form of forms) this.dialogs.add(form);

    this.onMembersAdded(async (context, next) => {
      const joined = (context.activity.membersAdded ?? []).filter((m) => m.id !== context.activity.recipient?.id);
      if (joined.length > 0) await this.welcome(context);
      await next();
    });
    this.onUnrecognizedActivityType(async (context, next) => {
      await context.sendActivity(message(await this.settleLanguage(context), 'unsupportedActivity'));
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    // Messages, nearly every turn, go straight to handleMessage: ActivityHandler's chain of handlers
    // and `next` calls cost about a tenth of the echo bot's throughput (README, "Measured"). Other activities
    // take its dispatch as usual.
    if (context.activity.type === ActivityTypes.Message) await this.handleMessage(context);
    else await super.run(context);
    await Promise.all([this.conversationState.saveChanges(context, false), this.userState.saveChanges(context, false)]);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const command = recognizeCommand(context.activity.text ?? '');
    if (command === 'english' || command === 'arabic') return this.switchLanguage(context, command === 'english' ? 'en' : 'ar');
    await this.settleLanguage(context);
    // A plain DialogSet rather than runDialog, and a dialog context only while a form is open: most
    // turns are one question and one answer, with no dialog to load, run or save.
    const openForm: OpenForm = async (dialogId, options) => {
      await (await this.dialogs.createContext(context)).beginDialog(dialogId, options);
    };
    if (await this.formIsOpen(context)) {
      const result = await (await this.dialogs.createContext(context)).continueDialog();
      if (result.status !== DialogTurnStatus.complete || !isLeaveForm(result.result)) return;
      // The form was left for a menu button: route the button, now with no form open.
      const { leaveFormFor } = result.result;
      if (leaveFormFor !== 'routeAgain') return this.router.startService(context, openForm, leaveFormFor, '');
    }
    await this.router.route(context, openForm);
  }

  /** A form is open when the dialog stack holds one; a stack left by a dialog this version no longer has is dropped. */
  private async formIsOpen(context: TurnContext): Promise<boolean> {
    // No default: reading an absent stack must not create one, which would be state to save.
    const state = await this.dialogState.get(context);
    if (!state?.dialogStack?.length) return false;
    if (state.dialogStack.some((instance) => !this.dialogs.find(instance.id))) state.dialogStack = [];
    return state.dialogStack.length > 0;
  }

  /** Greets in the language the person last used, else their client's locale, else Arabic. */
  private async welcome(context: TurnContext): Promise<void> {
    const language = await this.settleLanguage(context);
    await context.sendActivity(message(language, 'welcome'));
    await context.sendActivity(menuActivity(language));
  }

  /**
   * Replies follow the language the message is written in; a message with no words to tell by
   * ("1", an emoji, a button's number) keeps the conversation's language, else the one the person
   * last used or chose in any conversation, then their client's locale.
   *
   * The conversation keeps its own language because its state is read on every turn anyway (is a
   * form open?): the user's profile is read only when the conversation has no language yet, and
   * written only when the language changes. Reading it on every turn cost 0.05–0.1 of the echo
   * bot's throughput (README, "Measured").
   */
  private async settleLanguage(context: TurnContext): Promise<Language> {
    const written = detectLanguage(context.activity.text ?? '');
    const current = StoredLanguage.parse(await this.conversationLanguage.get(context));
    const language = written ?? current ?? (await this.profile(context)).language ?? languageFromLocale(context.activity.locale) ?? 'ar';
    if (written && written !== current) await this.remember(context, written);
    setTurnLanguage(context, language);
    return language;
  }

  private async profile(context: TurnContext): Promise<UserProfile> {
    return StoredProfile.parse(await this.userProfile.get(context));
  }

  /** The language for the rest of this conversation, and the person's own for their next one. */
  private async remember(context: TurnContext, language: Language): Promise<void> {
    await this.conversationLanguage.set(context, language);
    const profile = await this.profile(context);
    if (profile.language !== language) await this.userProfile.set(context, { ...profile, language });
  }

  private async switchLanguage(context: TurnContext, language: Language): Promise<void> {
    await this.remember(context, language);
    setTurnLanguage(context, language);
    await context.sendActivity(message(language, 'languageSwitched'));
    // A form in progress asks its current question again, now in the new language.
    if (await this.formIsOpen(context)) await (await this.dialogs.createContext(context)).repromptDialog();
    else await context.sendActivity(menuActivity(language));
  }
}

