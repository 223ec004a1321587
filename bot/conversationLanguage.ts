import { ConversationState, StatePropertyAccessor, TurnContext, UserState } from 'botbuilder';
import { z } from 'zod';
import { detectLanguage, Language, languageFromLocale } from '../knowledge/language';
import { setTurnLanguage } from '../dialogs/turnLanguage';

const UserProfile = z.object({ language: Language.optional() });
type UserProfile = z.infer<typeof UserProfile>;
/** Whatever is stored, a profile: one written by an older version or by hand, or none yet, is read as empty. */
export const StoredProfileSchema = UserProfile.catch({});
/** The language a conversation is being answered in; anything else stored there reads as none. */
export const StoredLanguageSchema = Language.optional().catch(undefined);
/**
 * Both as zod compiles them, the way every turn reads them: the runtime parser builds the message of
 * every issue it catches, for nobody to read, and a conversation's first turn reads a profile that is
 * not there yet. test/bot/conversationLanguage.test.ts holds the two forms to the same answers.
 */
const StoredProfile = z.compile(StoredProfileSchema, { strict: true });
const StoredLanguage = z.compile(StoredLanguageSchema, { strict: true });

/**
 * The language each turn is answered in. Replies follow the language the message is written in; a
 * message with no words to tell by ("1", an emoji, a button's number) keeps the conversation's
 * language, else the one the person last used or chose in any conversation, then their client's
 * locale, then Arabic.
 *
 * The conversation keeps its own language because its state is read on every turn anyway (is a
 * form open?): the user's profile is read only when the conversation has no language yet, and
 * written only when the language changes, which keeps the user's state off the common turn.
 */
export class ConversationLanguage {
  private readonly userProfile: StatePropertyAccessor<UserProfile>;
  private readonly conversationLanguage: StatePropertyAccessor<Language | undefined>;

  constructor(conversationState: ConversationState, userState: UserState) {
    this.userProfile = userState.createProperty('userProfile');
    this.conversationLanguage = conversationState.createProperty('language');
  }

  /** Settles this turn's language (and remembers a newly written one) for the dialogs to read. */
  async settle(context: TurnContext): Promise<Language> {
    const written = detectLanguage(context.activity.text ?? '');
    const current = StoredLanguage.parse(await this.conversationLanguage.get(context));
    const language = written ?? current ?? (await this.profile(context)).language ?? languageFromLocale(context.activity.locale) ?? 'ar';
    if (written && written !== current) await this.remember(context, written);
    setTurnLanguage(context, language);
    return language;
  }

  /** The person chose a language ("English", "عربي"): for the rest of this conversation and their next one. */
  async choose(context: TurnContext, language: Language): Promise<void> {
    await this.remember(context, language);
    setTurnLanguage(context, language);
  }

  private async profile(context: TurnContext): Promise<UserProfile> {
    return StoredProfile.parse(await this.userProfile.get(context));
  }

  private async remember(context: TurnContext, language: Language): Promise<void> {
    await this.conversationLanguage.set(context, language);
    const profile = await this.profile(context);
    if (profile.language !== language) await this.userProfile.set(context, { ...profile, language });
  }
}
