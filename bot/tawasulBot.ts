import { ActivityHandler, ConversationState, StatePropertyAccessor, TurnContext, UserState } from 'botbuilder';
import { DialogSet, DialogState, DialogTurnStatus } from 'botbuilder-dialogs';
import { z } from 'zod';
import { detectLanguage, Language, languageFromLocale } from '../knowledge/language';
import { message } from '../knowledge/messages/messages';
import { recognizeCommand } from '../knowledge/recognizeIntent';
import { MainDialog } from '../dialogs/mainDialog';
import { menuActivity } from '../dialogs/menu';
import { setTurnLanguage } from '../dialogs/turnLanguage';

const UserProfile = z.object({ language: Language.optional() });
type UserProfile = z.infer<typeof UserProfile>;
/** Whatever is stored, a profile: one written by an older version or by hand is read as empty. */
const StoredProfile = UserProfile.catch({});

/**
 * The ActivityHandler: settles the reply language, runs the main dialog on each message, greets
 * people who join, and saves state at the end of every turn. Everything else lives in dialogs.
 */
export class TawasulBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly userProfile: StatePropertyAccessor<UserProfile>;
  private readonly dialogs: DialogSet;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly userState: UserState,
    private readonly mainDialog: MainDialog,
  ) {
    super();
    this.dialogState = conversationState.createProperty('dialogState');
    this.userProfile = userState.createProperty('userProfile');
    this.dialogs = new DialogSet(this.dialogState).add(mainDialog);

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
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
    await super.run(context);
    await Promise.all([this.conversationState.saveChanges(context, false), this.userState.saveChanges(context, false)]);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const command = recognizeCommand(context.activity.text ?? '');
    if (command === 'english' || command === 'arabic') return this.switchLanguage(context, command === 'english' ? 'en' : 'ar');
    await this.settleLanguage(context);
    // A plain DialogSet rather than runDialog: our dialogs keep their state in their own stack, so
    // the declarative memory scopes runDialog loads and saves on every turn are work for nothing.
    const dc = await this.dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.mainDialog.id);
  }

  /** Greets in the language the person last used, else their client's locale, else Arabic. */
  private async welcome(context: TurnContext): Promise<void> {
    const language = await this.settleLanguage(context);
    await context.sendActivity(message(language, 'welcome'));
    await context.sendActivity(menuActivity(language));
  }

  /**
   * Replies follow the language the message is written in; a message with no words to tell by
   * ("1", an emoji, a button's number) keeps the language last used or chosen, then the locale.
   */
  private async settleLanguage(context: TurnContext): Promise<Language> {
    const profile = StoredProfile.parse(await this.userProfile.get(context, {}));
    const written = detectLanguage(context.activity.text ?? '');
    const language = written ?? profile.language ?? languageFromLocale(context.activity.locale) ?? 'ar';
    if (written && written !== profile.language) await this.userProfile.set(context, { ...profile, language: written });
    setTurnLanguage(context, language);
    return language;
  }

  private async switchLanguage(context: TurnContext, language: Language): Promise<void> {
    const profile = StoredProfile.parse(await this.userProfile.get(context, {}));
    await this.userProfile.set(context, { ...profile, language });
    setTurnLanguage(context, language);
    await context.sendActivity(message(language, 'languageSwitched'));
    // A form in progress asks its current question again, now in the new language.
    const dc = await this.dialogs.createContext(context);
    if (dc.activeDialog) await dc.repromptDialog();
    else await context.sendActivity(menuActivity(language));
  }
}

