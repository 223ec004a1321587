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
  /** Typed at the first question instead of choosing a way: the ID is then asked to go with it. */
  mobile?: string;
}
const PREVIOUS: Record<TrackStep, TrackStep | undefined> = { method: undefined, number: 'method', verifier: 'number', nationalId: 'method', mobile: 'nationalId' };

const FORM = 'trackForm';
const CHOICE = 'trackChoice';
const TEXT = 'trackText';

/** What a look-up was for, as limiter keys: the pair tried, and each part of it on its own. */
interface LookedUp {
  /** The number with the verifier tried (or the ID with the mobile): fails only for a guesser, so it pauses. */
  pair: string;
  /** The number, the verifier: strangers can fail on someone else's, so these only slow, never refuse a right answer. */
  parts: string[];
}

/**
 * Tracking: by request number plus one verifier (ID, mobile or email), or by ID plus mobile for
 * every request of that person. Whatever did not match, the answer is the same "not found", and
 * failures are counted (LookupLimiter) so nobody can guess, yet nobody can lock the owner out:
 * - the client (its user id, its conversation) and the pair it tried are paused after 5 failures;
 * - a number or a verifier that others failed on 5 times is only slowed: a look-up with the right
 *   details still succeeds, a wrong one is answered "paused";
 * - past a global bound of failures per minute (a flood of fresh ids), every failing look-up is
 *   answered "paused" and slowed; right details still succeed.
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
    this.addDialog(new LocalizedChoicePrompt(CHOICE, checkMethod));
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
        return step.replaceDialog(FORM, afterMethod((answer as FoundChoice).value));
      case 'number':
        return step.replaceDialog(FORM, { ...state, step: 'verifier', number: answer as string });
      case 'nationalId': {
        const nationalId = answer as string;
        if (!state.mobile) return step.replaceDialog(FORM, { ...state, step: 'mobile', nationalId });
        return this.byPerson(step, nationalId, state.mobile);
      }
      case 'verifier': {
        const verifier = readVerifier(answer as string);
        const tried = verifier ? `${verifier.kind}:${verifier.value}` : 'none';
        const lookedUp = { pair: `pair:${state.number}|${tried}`, parts: [`number:${state.number}`, ...(verifier ? [tried] : [])] };
        return this.report(step, lookedUp, () => this.findByNumber(state.number!, verifier));
      }
      case 'mobile':
        return this.byPerson(step, state.nationalId!, answer as string);
    }
  }

  /** Every request of the person with this ID and mobile. */
  private byPerson(step: WaterfallStepContext, nationalId: string, mobile: string): Promise<DialogTurnResult> {
    const lookedUp = { pair: `pair:nationalId:${nationalId}|mobile:${mobile}`, parts: [`nationalId:${nationalId}`, `mobile:${mobile}`] };
    return this.report(step, lookedUp, () => this.store.findByPerson(nationalId, mobile));
  }

  private async findByNumber(number: string, verifier: ReturnType<typeof readVerifier>): Promise<Request[]> {
    const request = await this.store.get(number);
    return request && verifier && verifies(request, verifier) ? [request] : [];
  }

  /**
   * Looks up and answers. Failures count under the client's ids (user, conversation), the pair tried,
   * and each part of it (the number, the verifier), which a client cannot change by opening a new
   * Direct Line conversation. A paused client or pair is refused before the store is asked. A number
   * or verifier under guessing, or the global bound reached, slows the look-up; then right details
   * are answered as always and wrong ones "paused", with the same message whether or not such a
   * request exists.
   */
  private async report(step: WaterfallStepContext, lookedUp: LookedUp, find: () => Promise<Request[]>): Promise<DialogTurnResult> {
    const { context } = step;
    const language = turnLanguage(context);
    const own = [...limiterKeys(context), lookedUp.pair];
    if (await this.refuseIfPaused(context, own)) return step.endDialog();
    const underGuessing = (await Promise.all([this.limiter.check(lookedUp.parts), this.limiter.checkGlobal()])).filter((p) => p.blocked);
    if (underGuessing.length > 0) await delay(this.limiter.limits.slowdownMs);
    const found = await find();
    if (found.length === 0) {
      await this.limiter.recordFailure([...own, ...lookedUp.parts]);
      this.logger.info('tracking look-up matched nothing', { user: context.activity.from?.id, paused: underGuessing.length > 0 });
      if (underGuessing.length > 0) {
        const retryAt = new Date(Math.max(...underGuessing.map((p) => p.retryAt!.getTime())));
        await this.sayPaused(context, retryAt);
      } else {
        await context.sendActivity(menuActivity(language, message(language, 'track.notFound')));
      }
      return step.endDialog();
    }
    const today = localDate(this.now());
    if (found.length > 1) await context.sendActivity(message(language, 'track.found', { count: found.length }));
    for (const request of found) await context.sendActivity(requestReport(request, language, today));
    return step.endDialog();
  }

  /** Says look-ups are paused, and for how long, when this user, conversation or pair failed too often. */
  private async refuseIfPaused(context: TurnContext, keys = limiterKeys(context)): Promise<boolean> {
    const { blocked, retryAt } = await this.limiter.check(keys);
    if (!blocked) return false;
    await this.sayPaused(context, retryAt!);
    return true;
  }

  private async sayPaused(context: TurnContext, retryAt: Date): Promise<void> {
    const minutes = Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 60000));
    const language = turnLanguage(context);
    await context.sendActivity(menuActivity(language, message(language, 'track.paused', { minutes })));
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

/** A request number anywhere in a sentence, read with the same folding as RequestNumber. */
function numberIn(text: string): string | undefined {
  const folded = stripInvisibleMarks(toAsciiDigits(text.normalize('NFKC')));
  const candidate = /TW[\s\-\u2010-\u2015\u2212_.]*\d{4}[\s\-\u2010-\u2015\u2212_.]*\d{6,}/i.exec(folded)?.[0];
  const parsed = candidate ? RequestNumber.safeParse(candidate) : undefined;
  return parsed?.success ? parsed.data : undefined;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function limiterKeys(context: TurnContext): string[] {
  const { channelId, from, conversation } = context.activity;
  return [`user:${channelId}:${from?.id}`, `conversation:${channelId}:${conversation?.id}`];
}
