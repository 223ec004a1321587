import { Activity, TurnContext } from 'botbuilder';
import { Prompt, PromptOptions, PromptRecognizerResult, PromptValidator } from 'botbuilder-dialogs';
import type { IncomingAttachment } from '../../requests/attachments';
import type { StoredAttachment } from '../../requests/requestSchemas';
import { normalizeForMatching } from '../../knowledge/text/normalizeText';
import { filesIn } from '../forms/fileKeeper';

/** What a turn of the attachments step brought: files, and/or the word that ends the step. */
export interface AttachmentsAnswer {
  files: IncomingAttachment[];
  finished: boolean;
  /** The step was ended with "No attachments": whatever was attached before is dropped. */
  none: boolean;
  /** Filled by the validator: every file kept so far. */
  kept?: StoredAttachment[];
}

export interface AttachmentsPromptOptions extends PromptOptions {
  /**
   * The labels (and words) that end the step: "Done" and "No attachments" (`noneWords`, which also
   * drops the files); and the files attached before this prompt began (back, or edit from the
   * summary), which botbuilder's Prompt cannot keep itself: it starts every prompt with empty state.
   */
  validations: { finishWords: string[]; noneWords: string[]; kept: StoredAttachment[] };
}

/**
 * Gathers files over several turns until the person says they are done. The validator keeps each
 * file (or says why not) and returns false to ask for more; it returns true on "Done".
 */
export class AttachmentsPrompt extends Prompt<AttachmentsAnswer> {
  constructor(dialogId: string, validator: PromptValidator<AttachmentsAnswer>) {
    super(dialogId, validator);
  }

  protected override async onPrompt(context: TurnContext, _state: object, options: PromptOptions, isRetry: boolean): Promise<void> {
    const prompt = isRetry && options.retryPrompt ? options.retryPrompt : options.prompt;
    if (prompt) await context.sendActivity(prompt as Partial<Activity>);
  }

  protected override async onRecognize(context: TurnContext, _state: object, options: PromptOptions): Promise<PromptRecognizerResult<AttachmentsAnswer>> {
    const said = normalizeForMatching(context.activity.text ?? '').replace(/[.!]+$/, '');
    const { finishWords, noneWords } = (options as AttachmentsPromptOptions).validations;
    const saidOneOf = (words: string[]) => said.length > 0 && words.some((w) => normalizeForMatching(w) === said);
    const none = saidOneOf(noneWords);
    const finished = none || saidOneOf(finishWords);
    // Text that is neither a file nor "done" is still recognised, so the validator can say what is expected.
    return { succeeded: true, value: { files: filesIn(context.activity), finished, none } };
  }
}
