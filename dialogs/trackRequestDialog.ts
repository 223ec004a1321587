import { DialogContext, DialogTurnResult, FoundChoice, PromptValidatorContext, TextPrompt } from 'botbuilder-dialogs';
import type { Logger } from '../platform/logger';
import { message, MessageKey } from '../knowledge/messages';
import { localDate } from '../knowledge/rules/workingDays';
import { LookupCounter } from '../requests/lookupCounter';
import { RequestStore } from '../requests/requestStore';
import { Request, RequestNumber } from '../requests/requestSchemas';
import { readVerifier } from '../requests/verifyRequester';
import { numberIn, VerifiedLookup } from './forms/verifiedLookup';
import { FaqResponder } from './faq/faqResponder';
import { InterruptibleDialog } from './interruptibleDialog';
import { labelledChoice, LocalizedChoicePrompt } from './prompts/localizedChoicePrompt';
import { checkMobile, checkNationalId, Checked } from './forms/answerChecks';
import { FormStep, FormWaterfall } from './forms/formWaterfall';
import { checkChoice, explainRetry } from './forms/retryPrompt';
import { requestReport } from './forms/requestReport';
import { turnLanguage } from './turnLanguage';

type TrackStep = 'method' | 'number' | 'verifier' | 'nationalId' | 'mobile';
interface TrackState {
  step: TrackStep;
  number?: string;
  nationalId?: string;
  /** Typed at the first question instead of choosing a way: the ID is then asked to go with it. */
  mobile?: string;
}
const PREVIOUS: Record<TrackStep, TrackStep | undefined> = { method: undefined, number: 'method', verifier: 'number', nationalId: 'method', mobile: 'nationalId' };

const FORM = 'trackForm';
const CHOICE = 'trackChoice';
const TEXT = 'trackText';

/**
 * Tracking: by request number plus one verifier (ID, mobile or email), or by ID plus mobile for
 * every request of that person. The look-up, its one "not found" and its limits are VerifiedLookup's
 * (forms/verifiedLookup.ts), shared with adding information to a request.
 */
export class TrackRequestDialog extends InterruptibleDialog {
  static readonly id = 'trackRequestDialog';
  private readonly lookup: VerifiedLookup;

  constructor(
    faq: FaqResponder,
    store: RequestStore,
    limiter: LookupCounter,
    logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {
    super(TrackRequestDialog.id, faq);
    this.lookup = new VerifiedLookup(store, limiter, logger);
    this.addDialog(new FormWaterfall(FORM, [this.askStep.bind(this), this.receiveStep.bind(this)]));
    this.addDialog(new LocalizedChoicePrompt(CHOICE, checkMethod));
    this.addDialog(new TextPrompt(TEXT, this.checkText.bind(this)));
  }

  protected override async onBeginDialog(innerDc: DialogContext, options?: { text?: string }): Promise<DialogTurnResult> {
    if (await this.lookup.refuseIfPaused(innerDc.context)) return innerDc.endDialog();
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

  private async askStep(step: FormStep): Promise<DialogTurnResult> {
    const state = step.options as TrackState;
    const language = turnLanguage(step.context);
    if (state.step === 'method') {
      const choices = (['number', 'person'] as const).map((m) => labelledChoice(m, message(language, `track.method.${m}`)));
      return step.prompt(CHOICE, { prompt: message(language, 'track.ask.method'), choices });
    }
    return step.prompt(TEXT, { prompt: message(language, `track.ask.${state.step}` as MessageKey), validations: { step: state.step } });
  }

  private async receiveStep(step: FormStep): Promise<DialogTurnResult> {
    const state = step.options as TrackState;
    const answer = step.result as string | FoundChoice;
    switch (state.step) {
      case 'method':
        return step.replaceDialog(FORM, afterMethod((answer as FoundChoice).value));
      case 'number':
        return step.replaceDialog(FORM, { ...state, step: 'verifier', number: answer as string });
      case 'nationalId': {
        const nationalId = answer as string;
        if (!state.mobile) return step.replaceDialog(FORM, { ...state, step: 'mobile', nationalId });
        return this.byPerson(step, nationalId, state.mobile);
      }
      case 'verifier':
        return this.report(step, await this.lookup.byNumber(step.context, state.number!, answer as string));
      case 'mobile':
        return this.byPerson(step, state.nationalId!, answer as string);
    }
  }

  /** Every request of the person with this ID and mobile. */
  private async byPerson(step: FormStep, nationalId: string, mobile: string): Promise<DialogTurnResult> {
    return this.report(step, await this.lookup.byPerson(step.context, nationalId, mobile));
  }

  /** Shows what was found (the person has already been told when nothing was). */
  private async report(step: FormStep, found: Request[] | undefined): Promise<DialogTurnResult> {
    const { context } = step;
    const language = turnLanguage(context);
    if (!found) return step.endDialog();
    const today = localDate(this.now());
    if (found.length > 1) await context.sendActivity(message(language, 'track.found', { count: found.length }));
    for (const request of found) await context.sendActivity(requestReport(request, language, today));
    return step.endDialog();
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

/**
 * "How would you like to find your request?" answered with what the person has rather than a choice:
 * a request number, an ID or a mobile is taken as the way, and kept (the choice's value carries it).
 */
async function checkMethod(prompt: PromptValidatorContext<FoundChoice>): Promise<boolean> {
  const text = prompt.context.activity.text ?? '';
  const number = numberIn(text);
  const verifier = number ? undefined : readVerifier(text);
  const given = number ? `number:${number}` : verifier && verifier.kind !== 'email' ? `${verifier.kind}:${verifier.value}` : undefined;
  // Before the choice: botbuilder's recogniser would read the "1" inside a number as the first choice.
  if (given) {
    prompt.recognized.value = { value: given, index: -1, score: 1 };
    return true;
  }
  return prompt.recognized.succeeded || checkChoice(prompt);
}

/** The step after the first question: the way chosen, or what was typed instead. */
function afterMethod(chosen: string): TrackState {
  const [kind, value] = chosen.split(/:(.*)/s);
  if (kind === 'number' && value) return { step: 'verifier', number: value };
  if (kind === 'nationalId' && value) return { step: 'mobile', nationalId: value };
  if (kind === 'mobile' && value) return { step: 'nationalId', mobile: value };
  return { step: chosen === 'number' ? 'number' : 'nationalId' };
}
