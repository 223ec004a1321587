import { Activity } from 'botbuilder';
import { DialogContext, DialogTurnResult, DialogTurnStatus, PromptValidatorContext, TextPrompt } from 'botbuilder-dialogs';
import type { Logger } from '../platform/logger';
import { Language } from '../knowledge/language';
import { message, MessageKey } from '../knowledge/messages';
import { LookupCounter } from '../requests/lookupCounter';
import { ClosedRequestError, RequestStore } from '../requests/requestStore';
import { DESCRIPTION_MAX, MAX_REQUEST_FILES, Request, RequestNumber, StoredAttachment } from '../requests/requestSchemas';
import { RequestService } from '../requests/requestService';
import { isOpen } from '../requests/statusTransitions';
import { readVerifier } from '../requests/verifyRequester';
import { FaqResponder } from './faq/faqResponder';
import { FileKeeper, FileRules, filesIn, howToAttach } from './forms/fileKeeper';
import { FormStep, FormWaterfall } from './forms/formWaterfall';
import { statusLabel } from './forms/requestReport';
import { explainRetry } from './forms/retryPrompt';
import { numberIn, VerifiedLookup } from './forms/verifiedLookup';
import { InterruptibleDialog } from './interruptibleDialog';
import { button, menuActivity } from './mainMenu';
import { AttachmentsAnswer, AttachmentsPrompt, AttachmentsPromptOptions } from './prompts/attachmentsPrompt';
import { turnLanguage } from './turnLanguage';

export interface AddToRequestDeps {
  store: RequestStore;
  requests: RequestService;
  /** The tracking dialog's limiter: failed look-ups here and there count together. */
  limiter: LookupCounter;
  attachments: FileRules;
  logger: Logger;
}

type AddStep = 'number' | 'verifier' | 'gather';
interface AddState {
  step: AddStep;
  /** The request's number; 'gather' is reached only once the person is verified as its owner. */
  number?: string;
  /** Files kept so far (pending until added), including any sent with the message that opened this. */
  files: StoredAttachment[];
  /** What the person wrote, one message a part. */
  texts: string[];
}

const FORM = 'addForm';
const TEXT = 'addText';
const GATHER = 'addGather';

/**
 * A person adds information and files to a request they submitted, typically after staff set it to
 * "awaiting information" with a note: the request number, one verifier (the same verification and
 * limiter as tracking, forms/verifiedLookup.ts), then what they write and send, gathered until they
 * press "Send to the officer". The request service records it in the history and moves a request
 * awaiting information back to review. Opened by asking for it ("ابي ارفق صورة الجواز لطلبي …"),
 * from the tracking reply of a request awaiting information, or by a file sent with no form open.
 */
export class AddToRequestDialog extends InterruptibleDialog {
  static readonly id = 'addToRequestDialog';
  private readonly lookup: VerifiedLookup;
  private readonly files: FileKeeper;

  constructor(
    faq: FaqResponder,
    private readonly deps: AddToRequestDeps,
  ) {
    super(AddToRequestDialog.id, faq);
    this.lookup = new VerifiedLookup(deps.store, deps.limiter, deps.logger);
    this.files = new FileKeeper(deps.attachments, deps.logger);
    this.addDialog(new FormWaterfall(FORM, [this.askStep.bind(this), this.receiveStep.bind(this)]));
    this.addDialog(new TextPrompt(TEXT, this.checkText.bind(this)));
    this.addDialog(new AttachmentsPrompt(GATHER, this.gather.bind(this)));
  }

  protected override async onBeginDialog(innerDc: DialogContext, options?: { text?: string }): Promise<DialogTurnResult> {
    const { context } = innerDc;
    // Files sent before anything was asked (a file with no form open) are kept while the person is verified.
    const files: StoredAttachment[] = [];
    const sent = filesIn(context.activity);
    if (sent.length) await this.files.keep(context, sent, files);
    if (await this.lookup.refuseIfPaused(context)) {
      await this.deps.attachments.store.discard(files);
      return innerDc.endDialog();
    }
    if (sent.length && !files.length) {
      // Nothing could be kept (each refusal was said): there is nothing to add, so no questions follow.
      await context.sendActivity(menuActivity(turnLanguage(context)));
      return innerDc.endDialog();
    }
    const number = numberIn(options?.text ?? '');
    return innerDc.beginDialog(FORM, { step: number ? 'verifier' : 'number', number, files, texts: [] } satisfies AddState);
  }

  protected override takesFiles(): boolean {
    return true;
  }

  /** A file sent while the number or the verifier is asked is kept for the addition, as one sent first is. */
  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const state = addState(innerDc);
    const files = filesIn(innerDc.context.activity);
    if (!state || !files.length || innerDc.activeDialog?.id === GATHER) return super.onContinueDialog(innerDc);
    // The waterfall's options are the form's state as stored: the step that runs next reads them.
    await this.files.keep(innerDc.context, files, state.files);
    if ((innerDc.context.activity.text ?? '').trim()) return super.onContinueDialog(innerDc);
    await this.askAgain(innerDc);
    return { status: DialogTurnStatus.waiting };
  }

  protected formName(dc: DialogContext): string {
    return message(turnLanguage(dc.context), 'addInfo.formName');
  }

  protected override helpFor(dc: DialogContext): string {
    return message(turnLanguage(dc.context), 'addInfo.help');
  }

  /** What the person writes to the officer is theirs, question mark or not. */
  protected override acceptsFreeText(dc: DialogContext): boolean {
    return addState(dc)?.step === 'gather';
  }

  protected override async askAgain(dc: DialogContext): Promise<void> {
    const state = addState(dc);
    // While gathering, what was kept so far lives in the prompt's own state: repeat that prompt as it is.
    if (!state || state.step === 'gather') return super.askAgain(dc);
    await dc.cancelAllDialogs();
    await dc.beginDialog(FORM, state);
  }

  private async askStep(step: FormStep): Promise<DialogTurnResult> {
    const state = step.options as AddState;
    const language = turnLanguage(step.context);
    if (state.step === 'gather') return step.prompt(GATHER, this.gatherPrompt(language, step.context.activity.channelId, undefined, state.files));
    const ask: MessageKey = state.step === 'number' ? 'addInfo.ask.number' : 'track.ask.verifier';
    return step.prompt(TEXT, { prompt: message(language, ask), validations: { step: state.step } });
  }

  private async receiveStep(step: FormStep): Promise<DialogTurnResult> {
    const state = step.options as AddState;
    if (state.step === 'number') return step.replaceDialog(FORM, { ...state, step: 'verifier', number: step.result as string });
    if (state.step === 'verifier') return this.verify(step, state, step.result as string);
    return this.addToRequest(step, state);
  }

  /** The request, if the verifier is its owner's; then where it stands, what the officer asked, and what to send. */
  private async verify(step: FormStep, state: AddState, verifier: string): Promise<DialogTurnResult> {
    const { context } = step;
    const language = turnLanguage(context);
    const request = (await this.lookup.byNumber(context, state.number!, verifier))?.[0];
    if (!request) return this.end(step, state);
    if (!isOpen(request.status)) {
      const status = statusLabel(request.status, language);
      await context.sendActivity(menuActivity(language, message(language, 'addInfo.closed', { number: request.number, status })));
      return this.end(step, state);
    }
    await context.sendActivity(standing(request, language));
    return step.replaceDialog(FORM, { ...state, step: 'gather', files: state.files.slice(0, this.room(request)) });
  }

  private async addToRequest(step: FormStep, state: AddState): Promise<DialogTurnResult> {
    const { context } = step;
    const language = turnLanguage(context);
    const { kept, texts } = step.result as AttachmentsAnswer & { texts: string[] };
    const text = texts.join('\n') || undefined;
    let added;
    try {
      added = await this.deps.requests.addInformation(state.number!, { text, attachments: kept ?? [] });
    } catch (error) {
      if (error instanceof ClosedRequestError) {
        // Closed by staff while the person was writing.
        const status = statusLabel(error.status, language);
        await context.sendActivity(menuActivity(language, message(language, 'addInfo.closed', { number: state.number!, status })));
        return step.endDialog();
      }
      this.deps.logger.error('information not added to a request', { error: (error as Error).message });
      await context.sendActivity(menuActivity(language, message(language, 'addInfo.saveFailed')));
      return step.endDialog();
    }
    if (!added) return this.end(step, state);
    const { request, missing } = added;
    if (missing.length) await context.sendActivity(message(language, 'addInfo.missing', { names: missing.map((a) => a.name).join('، ') }));
    const status = statusLabel(request.status, language);
    await context.sendActivity(menuActivity(language, message(language, 'addInfo.done', { number: request.number, status })));
    return step.endDialog();
  }

  /** Ends without adding: files kept for an addition that will not be made are not kept. */
  private async end(step: FormStep, state: AddState): Promise<DialogTurnResult> {
    await this.deps.attachments.store.discard(state.files).catch((e: Error) => this.deps.logger.warn('attachments not discarded', { error: e.message }));
    return step.endDialog();
  }

  /** How many more files this request can take, in this addition. */
  private room(request: Request): number {
    return Math.max(0, Math.min(this.deps.attachments.maxFiles, MAX_REQUEST_FILES - request.attachments.length));
  }

  /** The question that gathers; `files` are those sent before it (with the message that opened this). */
  private gatherPrompt(language: Language, channelId: string | undefined, text?: string, files: StoredAttachment[] = []): AttachmentsPromptOptions {
    const send = message(language, 'addInfo.send');
    const ask = message(language, 'addInfo.ask.what', { maxMb: this.files.maxMb, maxFiles: this.deps.attachments.maxFiles });
    const ready = files.length ? [message(language, 'addInfo.filesReady', { names: files.map((a) => a.name).join('، ') })] : [];
    const prompt: Partial<Activity> = {
      type: 'message',
      text: text ?? [...ready, ask, howToAttach(channelId, language)].join('\n\n'),
      suggestedActions: { to: [], actions: [button(send), button(message(language, 'addInfo.cancel'))] },
    };
    // "Send to the officer", or the form's "Done" («تم») typed as the whole message.
    const finishWords = (['ar', 'en'] as const).flatMap((l) => [message(l, 'addInfo.send'), message(l, 'submit.attachments.done')]);
    return { prompt, validations: { finishWords, noneWords: [], kept: files } };
  }

  /**
   * Gathers what the person writes and sends until "Send to the officer". What was kept lives in the
   * prompt's state (stored with the conversation), started from the files sent before it began.
   */
  private async gather(prompt: PromptValidatorContext<AttachmentsAnswer>): Promise<boolean> {
    const { context } = prompt;
    const language = turnLanguage(context);
    const state = prompt.state as { files?: StoredAttachment[]; texts?: string[] };
    state.files ??= [...(prompt.options as AttachmentsPromptOptions).validations.kept];
    state.texts ??= [];
    const answer = prompt.recognized.value!;
    await this.files.keep(context, answer.files, state.files);
    const text = (context.activity.text ?? '').trim();
    if (text && !answer.finished) {
      const total = [...state.texts, text].join('\n').length;
      if (total > DESCRIPTION_MAX) await context.sendActivity(message(language, 'addInfo.tooLong', { max: DESCRIPTION_MAX }));
      else state.texts.push(text);
    }
    if (answer.finished && (state.files.length || state.texts.length)) {
      Object.assign(answer, { kept: state.files, texts: state.texts });
      return true;
    }
    const next: MessageKey = answer.finished ? 'addInfo.nothing' : text && !answer.files.length ? 'addInfo.noted' : 'addInfo.more';
    await context.sendActivity(this.gatherPrompt(language, context.activity.channelId, message(language, next)).prompt as Partial<Activity>);
    return false;
  }

  private async checkText(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const language = turnLanguage(prompt.context);
    const text = prompt.recognized.value ?? '';
    const { step } = prompt.options.validations as { step: AddStep };
    const value = step === 'number' ? (numberIn(text) ?? (RequestNumber.safeParse(text).data as string | undefined)) : readVerifier(text) && text;
    if (value) {
      prompt.recognized.value = value;
      return true;
    }
    explainRetry(prompt.options, message(language, step === 'number' ? 'track.invalid.number' : 'track.invalid.verifier'), prompt.attemptCount, language);
    return false;
  }
}

/** Where the request stands, and, when it awaits information, what the officer asked for. */
function standing(request: Request, language: Language): string {
  const lines = [message(language, 'addInfo.request', { number: request.number, status: statusLabel(request.status, language) })];
  const asked = request.status === 'awaiting_info' ? [...request.history].reverse().find((entry) => entry.status === 'awaiting_info' && entry.note)?.note : undefined;
  if (asked) lines.push(message(language, 'addInfo.officerAsked', { note: asked }));
  return lines.join('\n');
}

function addState(dc: DialogContext): AddState | undefined {
  return dc.stack.find((instance) => instance.id === FORM)?.state?.options as AddState | undefined;
}
