import { TurnContext } from 'botbuilder';
import { FaqResult, FaqRetriever } from '../knowledge/retrieval/faqRetriever';
import { faqReply } from './faqReplies';
import { turnLanguage } from './turnLanguage';

/**
 * Answers a question from the knowledge base in one reply. Not a dialog: a question is a single
 * turn with nothing to remember, so the router calls it directly, and forms call it to take a
 * question asked mid-form before asking their step again.
 */
export class FaqAnswers {
  constructor(readonly retriever: FaqRetriever) {}

  async answer(context: TurnContext, question: string): Promise<FaqResult> {
    const result = this.retriever.answer(question, turnLanguage(context));
    await this.send(context, result);
    return result;
  }

  /** Sends a result already retrieved, for callers that looked before deciding to answer. */
  async send(context: TurnContext, result: FaqResult): Promise<void> {
    await context.sendActivity(faqReply(result, turnLanguage(context)));
  }
}
