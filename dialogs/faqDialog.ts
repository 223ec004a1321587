import { TurnContext } from 'botbuilder';
import { Dialog, DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import { FaqResult, FaqRetriever } from '../knowledge/retrieval/faqRetriever';
import { faqReply } from './faqReplies';
import { turnLanguage } from './turnLanguage';

export interface FaqDialogOptions {
  question: string;
}

/**
 * Answers one question from the knowledge base and ends. Form dialogs call `answer` directly to
 * take a question asked mid-form and then re-prompt their step.
 */
export class FaqDialog extends Dialog<FaqDialogOptions> {
  static readonly id = 'faqDialog';

  constructor(readonly retriever: FaqRetriever) {
    super(FaqDialog.id);
  }

  override async beginDialog(dc: DialogContext, options?: FaqDialogOptions): Promise<DialogTurnResult> {
    const result = await this.answer(dc.context, options?.question ?? dc.context.activity.text ?? '');
    return dc.endDialog(result);
  }

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
