import { ActionTypes, Activity, CardAction, MessageFactory } from 'botbuilder';
import { KnowledgeEntry } from '../../knowledge/knowledgeBase';
import { Language } from '../../knowledge/language';
import { message } from '../../knowledge/messages';
import { FaqResult } from '../../knowledge/retrieval/faqRetriever';
import { citationEntity } from './citationEntity';
import { keepReply } from '../keptReplies';
import { button } from '../mainMenu';

/**
 * A topic button shows the short label, and the person's message shows that same label (Web Chat's
 * messageBack `displayText`), while the bot receives the full section title, which retrieves it exactly.
 * Channels with no buttons list the label and read its number back as the title (bot/channelRendering.ts).
 */
const topicButton = (entry: KnowledgeEntry): CardAction => ({
  type: ActionTypes.MessageBack,
  title: entry.shortTitle,
  displayText: entry.shortTitle,
  text: entry.title,
  value: entry.title,
});

/** Each entry's answer text per language, written once: entries do not change while the process runs. */
const answerTexts = new WeakMap<KnowledgeEntry, Partial<Record<Language, string>>>();

function answerText(entry: KnowledgeEntry, language: Language): string {
  let byLanguage = answerTexts.get(entry);
  if (!byLanguage) answerTexts.set(entry, (byLanguage = {}));
  return (byLanguage[language] ??= writtenAnswer(entry, language));
}

function writtenAnswer(entry: KnowledgeEntry, language: Language): string {
  const body = [...entry.paragraphs, ...entry.items.map((item) => `- ${item}`)].join('\n');
  const source = message(language, 'answerSource', { document: entry.source.documentTitle, section: entry.source.section });
  return `**${entry.title}**\n\n${body}\n\n${source} [1]`;
}

/**
 * Replies already composed, by result and language. The retriever's answer cache hands back the
 * same result for a question asked before, so its reply is composed once, not on every turn, and
 * kept (dialogs/keptReplies.ts): whoever sends it copies what they change, as TurnContext and the
 * channel rendering do.
 */
const composed = new WeakMap<FaqResult, Partial<Record<Language, Readonly<Partial<Activity>>>>>();

/**
 * The reply to a question: the cited answer with related topics, a "did you mean", or an honest "not
 * covered". Kept only when the result is shared (the retriever may hand it out again): a reply to a
 * result nobody sees twice is composed for its one turn, and neither frozen nor remembered.
 */
export function faqReply(result: FaqResult, language: Language, resultIsShared = true): Readonly<Partial<Activity>> {
  if (!resultIsShared) return composeReply(result, language);
  let byLanguage = composed.get(result);
  if (!byLanguage) composed.set(result, (byLanguage = {}));
  return (byLanguage[language] ??= keepReply(composeReply(result, language)));
}

function composeReply(result: FaqResult, language: Language): Partial<Activity> {
  switch (result.kind) {
    case 'answer': {
      // The sentence that answers the question itself comes first; the whole section, cited, follows it.
      const text = result.lead ? `${message(language, 'answerLead', { sentence: result.lead })}\n\n${answerText(result.entry, language)}` : answerText(result.entry, language);
      const reply = MessageFactory.suggestedActions(result.related.map(topicButton), text);
      reply.textFormat = 'markdown';
      reply.entities = [citationEntity(result.entry)];
      return reply;
    }
    case 'clarify':
      return MessageFactory.suggestedActions(result.candidates.map(topicButton), message(language, 'clarify'));
    case 'none':
      return MessageFactory.suggestedActions(
        [button(message(language, 'menu.show')), button(message(language, 'menu.staff'))],
        message(language, 'notCovered'),
      );
  }
}
