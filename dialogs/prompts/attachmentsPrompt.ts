import { Activity, TurnContext } from 'botbuilder';
import { Prompt, PromptOptions, PromptRecognizerResult, PromptValidator } from 'botbuilder-dialogs';
import type { IncomingAttachment } from '../../requests/attachments';
import type { StoredAttachment } from '../../requests/requestSchemas';
import { normalizeForMatching } from '../../knowledge/text/normalizeText';

/** What a turn of the attachments step brought: files, and/or the word that ends the step. */
export interface AttachmentsAnswer {
  files: IncomingAttachment[];
  finished: boolean;
  /** Filled by the validator: every file kept so far. */
  kept?: StoredAttachment[];
}

export interface AttachmentsPromptOptions extends PromptOptions {
  /** The labels (and words) that end the step: "Done", "No attachments". */
  validations: { finishWords: string[] };
}

// What some channels add beside the user's files (Teams' HTML copy of the text, cards): not files.
const NOT_A_FILE = /^(text\/html|application\/vnd\.microsoft\.)/;

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
    const files = (context.activity.attachments ?? []).filter((a) => !NOT_A_FILE.test(a.contentType ?? ''));
    const said = normalizeForMatching(context.activity.text ?? '').replace(/[.!]+$/, '');
    const { finishWords } = (options as AttachmentsPromptOptions).validations;
    const finished = said.length > 0 && finishWords.some((w) => normalizeForMatching(w) === said);
    // Text that is neither a file nor "done" is still recognised, so the validator can say what is expected.
    return { succeeded: true, value: { files: files.map(({ name, contentType, contentUrl }) => ({ name, contentType, contentUrl })), finished } };
  }
}
