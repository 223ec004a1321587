import { TurnContext } from 'botbuilder';
import { KnowledgeEntry } from '../../knowledge/knowledgeBase';
import { Language } from '../../knowledge/language';
import { FaqResult, FaqRetriever } from '../../knowledge/retrieval/faqRetriever';
import type { UnansweredQuestions } from '../../knowledge/feedback/unansweredQuestions';
import { turnLanguage } from '../turnLanguage';
import { faqReply } from './faqReply';

/**
 * Answers questions from the knowledge base, each in one reply. Not a dialog: a question is a single
 * turn with nothing to remember, so the router calls it directly, and forms call it to take a
 * question asked mid-form before asking their step again.
 */
export class FaqResponder {
  /** `unanswered`: where questions declined or answered with little confidence are kept for the content editors. */
  constructor(
    private readonly retriever: FaqRetriever,
    private readonly unanswered?: UnansweredQuestions,
  ) {}

  private replyTo(result: FaqResult, language: Language) {
    return faqReply(result, language, this.retriever.sharesResults);
  }

  /** Whether a question asks for a kind of fact no section of the documents gives: a form must not take it as its own. */
  asksWhatNoSectionGives(question: string): boolean {
    return this.retriever.asksKindNoSectionGives(question);
  }

  /** Answers, whatever the knowledge base makes of it: the cited answer, "did you mean", or "not covered". */
  async answer(context: TurnContext, question: string): Promise<FaqResult> {
    const language = turnLanguage(context);
    const result = this.retriever.answer(question, language);
    await context.sendActivity(this.replyTo(result, language));
    if (result.kind === 'none') this.unanswered?.record(question, language, 'declined', result.confidence);
    else if (result.kind === 'clarify') this.unanswered?.record(question, language, 'clarified', 0);
    else if (result.confidence < this.retriever.settings.threshold) this.unanswered?.record(question, language, 'low-confidence', result.confidence);
    return result;
  }

  /** Answers whatever the knowledge base makes of it, and gives the entry when it answered outright. */
  async answerGivingEntry(context: TurnContext, question: string): Promise<KnowledgeEntry | undefined> {
    const result = await this.answer(context, question);
    return result.kind === 'answer' ? result.entry : undefined;
  }

  /** Answers only when the knowledge base answers it outright, giving the entry; says nothing otherwise. */
  async answerEntryIfCovered(context: TurnContext, question: string): Promise<KnowledgeEntry | undefined> {
    const result = this.retriever.answer(question, turnLanguage(context));
    if (result.kind !== 'answer') return undefined;
    await context.sendActivity(this.replyTo(result, turnLanguage(context)));
    return result.entry;
  }

  /** Answers only when the knowledge base answers it outright; says nothing otherwise. */
  async answerIfCovered(context: TurnContext, question: string): Promise<boolean> {
    const result = this.retriever.answer(question, turnLanguage(context));
    if (result.kind !== 'answer') return false;
    await context.sendActivity(this.replyTo(result, turnLanguage(context)));
    return true;
  }

  /** Declines when the knowledge base has nothing for it ("not covered", with the menu); says nothing otherwise. */
  async declineIfUncovered(context: TurnContext, question: string): Promise<boolean> {
    const result = this.retriever.answer(question, turnLanguage(context));
    if (result.kind !== 'none') return false;
    await context.sendActivity(this.replyTo(result, turnLanguage(context)));
    return true;
  }

  /** A section by its heading, for replies that quote it. */
  entryBySection(heading: string, language: Language): KnowledgeEntry | undefined {
    return this.retriever.entryBySection(heading, language);
  }
}
