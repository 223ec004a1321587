import { TurnContext } from 'botbuilder';
import { DialogContext, DialogTurnResult, FoundChoice, PromptValidatorContext, TextPrompt, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import type { Logger } from '../platform/logger';
import { message, MessageKey } from '../knowledge/messages';
import { localDate } from '../knowledge/rules/workingDays';
import { stripInvisibleMarks, toAsciiDigits } from '../knowledge/text/normalizeText';
import { LookupCounter } from '../requests/lookupCounter';
import { RequestStore } from '../requests/requestStore';
import { Request, RequestNumber } from '../requests/requestSchemas';
import { readVerifier, verifies } from '../requests/verifyRequester';
import { FaqResponder } from './faq/faqResponder';
import { InterruptibleDialog } from './interruptibleDialog';
import { menuActivity } from './mainMenu';
import { labelledChoice, LocalizedChoicePrompt } from './prompts/localizedChoicePrompt';
import { checkMobile, checkNationalId, Checked } from './forms/answerChecks';
import { checkChoice, explainRetry } from './forms/retryPrompt';
import { requestReport } from './forms/requestReport';
import { turnLanguage } from './turnLanguage';

type TrackStep = 'method' | 'number' | 'verifier' | 'nationalId' | 'mobile';
interface TrackState {
  step: TrackStep;
  number?: string;
  nationalId?: string;
}
const PREVIOUS: Record<TrackStep, TrackStep | undefined> = { method: undefined, number: 'method', verifier: 'number', nationalId: 'method', mobile: 'nationalId' };

const FORM = 'trackForm';
const CHOICE = 'trackChoice';
const TEXT = 'trackText';

/**
 * Tracking: by request number plus one verifier (ID, mobile or email), or by ID plus mobile for
 * every request of that person. Whatever did not match, the answer is the same "not found", and
 * failures are counted per user, per conversation, per number and per verifier (LookupLimiter) so
 * nobody can guess, even with a fresh conversation for each try.
 */
export class TrackRequestDialog extends InterruptibleDialog {
  static readonly id = 'trackRequestDialog';

  constructor(
    faq: FaqResponder,
    private readonly store: RequestStore,
    private readonly limiter: LookupCounter,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {
    super(TrackRequestDialog.id, faq);
    this.addDialog(new WaterfallDialog(FORM, [this.askStep.bind(this), this.receiveStep.bind(this)]));
    this.addDialog(new LocalizedChoicePrompt(CHOICE, checkChoice));
    this.addDialog(new TextPrompt(TEXT, this.checkText.bind(this)));
  }

  protected override async onBeginDialog(innerDc: DialogContext, options?: { text?: string }): Promise<DialogTurnResult> {
    if (await this.refuseIfPaused(innerDc.context)) return innerDc.endDialog();
    // "وين وصل طلبي TW-2026-000042": the number is already given, so only the verifier is asked.
    const number = numberIn(options?.text ?? '');
    const start: TrackState = number ? { step: 'verifier', number } : { step: 'method' };
    return innerDc.beginDialog(FORM, start);
  }

  protected formName(dc: DialogContext): string {
    return message(turnLanguage(dc.context), 'track.formName');
  }

  protected override helpFor(dc: DialogContext): string {
    return message(turnLanguage(dc.context), 'track.help');
  }

  /** Asks the current step again from its state, so the question is in the language of this turn. */
  protected override async askAgain(dc: DialogContext): Promise<void> {
    const state = dc.stack.find((i) => i.id === FORM)?.state?.options as TrackState | undefined;
    if (!state) return super.askAgain(dc);
    await dc.cancelAllDialogs();
    await dc.beginDialog(FORM, state);
  }

  protected override async goBack(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.stack.find((i) => i.id === FORM)?.state?.options as TrackState | undefined;
    const previous = state && PREVIOUS[state.step];
    if (!previous) return super.goBack(dc);
    await dc.cancelAllDialogs();
    return dc.beginDialog(FORM, { ...state, step: previous });
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const state = step.options as TrackState;
    const language = turnLanguage(step.context);
    if (state.step === 'method') {
      const choices = (['number', 'person'] as const).map((m) => labelledChoice(m, message(language, `track.method.${m}`)));
      return step.prompt(CHOICE, { prompt: message(language, 'track.ask.method'), choices });
    }
    return step.prompt(TEXT, { prompt: message(language, `track.ask.${state.step}` as MessageKey), validations: { step: state.step } });
  }

  private async receiveStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const state = step.options as TrackState;
    const answer = step.result as string | FoundChoice;
    switch (state.step) {
      case 'method':
        return step.replaceDialog(FORM, { step: (answer as FoundChoice).value === 'number' ? 'number' : 'nationalId' });
      case 'number':
        return step.replaceDialog(FORM, { ...state, step: 'verifier', number: answer as string });
      case 'nationalId':
        return step.replaceDialog(FORM, { ...state, step: 'mobile', nationalId: answer as string });
      case 'verifier': {
        const verifier = readVerifier(answer as string);
        const keys = [`number:${state.number}`, ...(verifier ? [`${verifier.kind}:${verifier.value}`] : [])];
        return this.report(step, keys, () => this.findByNumber(state.number!, verifier));
      }
      case 'mobile':
        return this.report(step, [`nationalId:${state.nationalId}`, `mobile:${answer as string}`], () => this.store.findByPerson(state.nationalId!, answer as string));
    }
  }

  private async findByNumber(number: string, verifier: ReturnType<typeof readVerifier>): Promise<Request[]> {
    const request = await this.store.get(number);
    return request && verifier && verifies(request, verifier) ? [request] : [];
  }

  /**
   * Looks up and answers. Failures count under the client's ids (user, conversation) and also under
   * what was looked up (the request number, the verifier), which a client cannot change by opening a
   * new Direct Line conversation; a paused key stops the look-up before the store is asked, with the
   * same message whether or not such a request exists.
   */
  private async report(step: WaterfallStepContext, lookedUp: string[], find: () => Promise<Request[]>): Promise<DialogTurnResult> {
    const { context } = step;
    const language = turnLanguage(context);
    const keys = [...limiterKeys(context), ...lookedUp];
    if (await this.refuseIfPaused(context, keys)) return step.endDialog();
    const found = await find();
    if (found.length === 0) {
      await this.limiter.recordFailure(keys);
      this.logger.info('tracking look-up matched nothing', { user: context.activity.from?.id });
      await context.sendActivity(menuActivity(language, message(language, 'track.notFound')));
      return step.endDialog();
    }
    const today = localDate(this.now());
    if (found.length > 1) await context.sendActivity(message(language, 'track.found', { count: found.length }));
    for (const request of found) await context.sendActivity(requestReport(request, language, today));
    return step.endDialog();
  }

  /** Says look-ups are paused, and for how long, when this user, conversation, number or verifier failed too often. */
  private async refuseIfPaused(context: TurnContext, keys = limiterKeys(context)): Promise<boolean> {
    const { blocked, retryAt } = await this.limiter.check(keys);
    if (!blocked) return false;
    const minutes = Math.max(1, Math.ceil((retryAt!.getTime() - Date.now()) / 60000));
    const language = turnLanguage(context);
    await context.sendActivity(menuActivity(language, message(language, 'track.paused', { minutes })));
    return true;
  }

  /** Only the shape of each answer is checked here; whether it matches a request is decided at the end. */
  private async checkText(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const language = turnLanguage(prompt.context);
    const text = prompt.recognized.value ?? '';
    const { step } = prompt.options.validations as { step: TrackStep };
    const checks: Partial<Record<TrackStep, () => Checked>> = {
      number: () => {
        const parsed = RequestNumber.safeParse(text);
        return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: message(language, 'track.invalid.number') };
      },
      verifier: () => (readVerifier(text) ? { ok: true, value: text } : { ok: false, reason: message(language, 'track.invalid.verifier') }),
      nationalId: () => checkNationalId(text, language),
      mobile: () => checkMobile(text, language),
    };
    const checked = checks[step]!();
    if (checked.ok) {
      prompt.recognized.value = checked.value;
      return true;
    }
    explainRetry(prompt.options, checked.reason, prompt.attemptCount, language);
    return false;
  }
}

/** A request number anywhere in a sentence, read with the same folding as RequestNumber. */
function numberIn(text: string): string | undefined {
  const folded = stripInvisibleMarks(toAsciiDigits(text.normalize('NFKC')));
  const candidate = /TW[\s\-\u2010-\u2015\u2212_.]*\d{4}[\s\-\u2010-\u2015\u2212_.]*\d{6,}/i.exec(folded)?.[0];
  const parsed = candidate ? RequestNumber.safeParse(candidate) : undefined;
  return parsed?.success ? parsed.data : undefined;
}

function limiterKeys(context: TurnContext): string[] {
  const { channelId, from, conversation } = context.activity;
  return [`user:${channelId}:${from?.id}`, `conversation:${channelId}:${conversation?.id}`];
}
