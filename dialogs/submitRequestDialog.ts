import { content } from '../knowledge/content';
import { formatDay } from '../knowledge/dates/formatDate';
import { Activity, TurnContext } from 'botbuilder';
import { DialogContext, DialogTurnResult, DialogTurnStatus, FoundChoice, PromptValidatorContext, TextPrompt } from 'botbuilder-dialogs';
import type { Logger } from '../platform/logger';
import { Language } from '../knowledge/language';
import { message, MessageKey } from '../knowledge/messages';
import { citedSection, ownerOnlyRule, responseTime } from '../knowledge/rules/responseTime';
import { categoryLabel, categoryMentionedIn, ServiceCategoryId, serviceCategories } from '../knowledge/rules/serviceCategories';
import { RequestService } from '../requests/requestService';
import { ApplicantType, DESCRIPTION_MAX, DESCRIPTION_MIN, StoredAttachment } from '../requests/requestSchemas';
import { FaqResponder } from './faq/faqResponder';
import { InterruptibleDialog, LeaveForm } from './interruptibleDialog';
import { button, menuActivity } from './mainMenu';
import { AttachmentsAnswer, AttachmentsPrompt, AttachmentsPromptOptions } from './prompts/attachmentsPrompt';
import { labelledChoice, LocalizedChoicePrompt, NO, yesNoChoices } from './prompts/localizedChoicePrompt';
import { FileKeeper, FileRules, filesIn, howToAttach } from './forms/fileKeeper';
import { Checked, checkDescription, checkEmail, checkMobile, checkNationalId } from './forms/answerChecks';
import { FormStep, FormWaterfall } from './forms/formWaterfall';
import { checkChoice, explainRetry } from './forms/retryPrompt';
import { advance, applicantLabel, back, EDITABLE, Field, fieldLabel, FormState, startForm, summaryText } from './forms/submitFormSteps';
import { turnLanguage } from './turnLanguage';

export interface SubmitRequestDeps {
  requests: RequestService;
  logger: Logger;
  /** How files are kept until the request is submitted (forms/fileKeeper.ts). */
  attachments: FileRules;
}

const FORM = 'submitForm';
const CHOICE = 'submitChoice';
const TEXT = 'submitText';
const FILES = 'submitFiles';
const TEXT_FIELDS = ['description', 'nationalId', 'mobile', 'email'] as const;
type TextField = (typeof TEXT_FIELDS)[number];

/**
 * The guided form for a new Tawasul request: owner's confirmation, applicant type, service,
 * description, attachments, ID, mobile, email, then a summary to confirm, edit or cancel. On
 * confirm the request is stored and its number sent by SMS. The form's position lives in the
 * waterfall's options (FormState), which is what makes back, edit and resuming after a question work.
 */
export class SubmitRequestDialog extends InterruptibleDialog {
  static readonly id = 'submitRequestDialog';
  private readonly files: FileKeeper;

  constructor(
    faq: FaqResponder,
    private readonly deps: SubmitRequestDeps,
  ) {
    super(SubmitRequestDialog.id, faq);
    this.files = new FileKeeper(deps.attachments, deps.logger);
    this.addDialog(new FormWaterfall(FORM, [this.askStep.bind(this), this.receiveStep.bind(this)]));
    this.addDialog(new LocalizedChoicePrompt(CHOICE, checkChoice));
    this.addDialog(new TextPrompt(TEXT, this.checkText.bind(this)));
    this.addDialog(new AttachmentsPrompt(FILES, this.keepFiles.bind(this)));
  }

  protected override async onBeginDialog(innerDc: DialogContext, options?: { text?: string }): Promise<DialogTurnResult> {
    const language = turnLanguage(innerDc.context);
    const category = categoryMentionedIn(options?.text ?? '');
    await innerDc.context.sendActivity(message(language, 'submit.intro'));
    if (category) await innerDc.context.sendActivity(message(language, 'submit.topicNoted', { category: categoryLabel(category, language) }));
    const start = startForm(category);
    // A file sent with the message that opened the form is the form's first attachment.
    const files = filesIn(innerDc.context.activity);
    if (files.length) await this.files.keep(innerDc.context, files, (start.values.attachments = []));
    return innerDc.beginDialog(FORM, start);
  }

  /**
   * A file can come with any message of the form, not only at the attachments step: in Web Chat a
   * file chosen with the paperclip goes with the next message sent, which may be «تم» or the ID
   * number. It is kept and acknowledged by name, and shows in the summary; the message's text is then
   * taken as the answer to the step, and a message that was only a file asks the step again.
   */
  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const state = formState(innerDc);
    const files = filesIn(innerDc.context.activity);
    if (!state || !files.length || innerDc.activeDialog?.id === FILES) return super.onContinueDialog(innerDc);
    // The waterfall's options are the form's state as stored: the step that runs next reads them.
    await this.files.keep(innerDc.context, files, (state.values.attachments ??= []));
    if ((innerDc.context.activity.text ?? '').trim()) return super.onContinueDialog(innerDc);
    await this.askAgain(innerDc);
    return { status: DialogTurnStatus.waiting };
  }

  protected override takesFiles(): boolean {
    return true;
  }

  protected formName(dc: DialogContext): string {
    return message(turnLanguage(dc.context), 'submit.formName');
  }

  protected override helpFor(dc: DialogContext): string {
    const step = formState(dc)?.step ?? 'owner';
    return message(turnLanguage(dc.context), `submit.help.${step === 'editField' ? 'summary' : step}` as MessageKey);
  }

  protected override acceptsFreeText(dc: DialogContext): boolean {
    return formState(dc)?.step === 'description';
  }

  /** Asks the current step again from its state, so the question is in the language of this turn. */
  protected override async askAgain(dc: DialogContext): Promise<void> {
    const state = formState(dc);
    // The files kept so far live in the attachments prompt's own state: repeat that prompt as it is.
    if (!state || state.step === 'attachments') return super.askAgain(dc);
    await dc.cancelAllDialogs();
    await dc.beginDialog(FORM, state);
  }

  protected override async goBack(dc: DialogContext): Promise<DialogTurnResult> {
    const state = filesKeptSoFar(dc);
    const previous = state && back(state);
    if (!previous) return super.goBack(dc);
    await dc.cancelAllDialogs();
    return dc.beginDialog(FORM, previous);
  }

  private async askStep(step: FormStep): Promise<DialogTurnResult> {
    const state = step.options as FormState;
    const language = turnLanguage(step.context);
    const say = (key: MessageKey, values?: Record<string, string | number>) => message(language, key, values);
    switch (state.step) {
      case 'owner':
        return step.prompt(CHOICE, { prompt: say('submit.ask.owner'), choices: yesNoChoices(say('submit.owner.yes'), say('submit.owner.no')) });
      case 'applicantType':
        return step.prompt(CHOICE, {
          prompt: say('submit.ask.applicantType'),
          choices: ApplicantType.options.map((type) => labelledChoice(type, applicantLabel(type, language))),
        });
      case 'category':
        return step.prompt(CHOICE, { prompt: say('submit.ask.category'), choices: serviceCategories().map((c) => labelledChoice(c.id, c.label[language])) });
      case 'attachments':
        return step.prompt(FILES, this.attachmentsPrompt(language, step.context.activity.channelId, undefined, state.values.attachments ?? []));
      case 'summary':
        return step.prompt(CHOICE, {
          prompt: summaryText(state.values, language),
          choices: (['confirm', 'edit', 'cancel'] as const).map((choice) => labelledChoice(choice, say(`submit.summary.${choice}`))),
        });
      case 'editField':
        return step.prompt(CHOICE, { prompt: say('submit.ask.editField'), choices: EDITABLE.map((f) => labelledChoice(f, fieldLabel(f, language))) });
      default:
        return step.prompt(TEXT, {
          prompt: say(`submit.ask.${state.step}`, { min: DESCRIPTION_MIN, max: DESCRIPTION_MAX }),
          validations: { field: state.step, applicantType: state.values.applicantType },
        });
    }
  }

  private async receiveStep(step: FormStep): Promise<DialogTurnResult> {
    const state = step.options as FormState;
    const { context } = step;
    const language = turnLanguage(context);
    const chosen = (step.result as FoundChoice | undefined)?.value;
    if (chosen === 'human') {
      const leave: LeaveForm = { leaveFormFor: 'staff' };
      return step.endDialog(leave);
    }
    switch (state.step) {
      case 'owner':
        if (chosen === NO) {
          const section = citedSection(ownerOnlyRule().source, language);
          await context.sendActivity(menuActivity(language, message(language, 'submit.onBehalfRefused', { section })));
          return step.endDialog();
        }
        return step.replaceDialog(FORM, advance({ ...state, values: { ...state.values, owner: 'yes' } }));
      case 'summary':
        if (chosen === 'confirm') return this.submit(step, state);
        if (chosen === 'edit') return step.replaceDialog(FORM, { ...state, step: 'editField' });
        await context.sendActivity(menuActivity(language, message(language, 'cancelled')));
        return step.endDialog();
      case 'editField':
        return step.replaceDialog(FORM, { ...state, step: chosen as Field, editing: true });
      case 'attachments':
        return step.replaceDialog(FORM, advance({ ...state, values: { ...state.values, attachments: (step.result as AttachmentsAnswer).kept ?? [] } }));
      case 'applicantType': {
        const values = { ...state.values, applicantType: chosen as ApplicantType };
        // Changed from the summary to one the ID given does not fit (a citizen's starts with 1): ask the ID again.
        const idStillFits = !values.nationalId || checkNationalId(values.nationalId, language, values.applicantType).ok;
        if (idStillFits) return step.replaceDialog(FORM, advance({ ...state, values }));
        await context.sendActivity(message(language, 'submit.idNoLongerFits'));
        return step.replaceDialog(FORM, { ...state, values, step: 'nationalId', editing: true });
      }
      case 'category':
        return step.replaceDialog(FORM, advance({ ...state, values: { ...state.values, category: chosen as ServiceCategoryId } }));
      default:
        return step.replaceDialog(FORM, advance({ ...state, values: { ...state.values, [state.step]: step.result as string } }));
    }
  }

  private async submit(step: FormStep, state: FormState): Promise<DialogTurnResult> {
    const { context } = step;
    const language = turnLanguage(context);
    const { values } = state;
    let submitted;
    try {
      submitted = await this.deps.requests.submit({
        applicantType: values.applicantType!,
        category: values.category!,
        description: values.description!,
        attachments: values.attachments ?? [],
        nationalId: values.nationalId!,
        mobile: values.mobile!,
        email: values.email!,
        language,
        conversationReference: JSON.parse(JSON.stringify(TurnContext.getConversationReference(context.activity))),
      }, { submissionKey: state.formId });
    } catch (error) {
      this.deps.logger.error('request not stored', { error: (error as Error).message });
      await context.sendActivity(menuActivity(language, message(language, 'submit.saveFailed')));
      return step.endDialog();
    }
    const { request, missing } = submitted;
    if (missing.length) await context.sendActivity(message(language, 'submit.attachments.missing', { names: missing.map((a) => a.name).join('، ') }));
    const section = citedSection(responseTime().source, language);
    await context.sendActivity(
      menuActivity(language, message(language, 'submit.done', { number: request.number, dueDate: formatDay(request.dueDate, language, { hijri: true }), days: responseTime().workingDays, section })),
    );
    return step.endDialog();
  }

  /** The attachments question; `kept` are the files attached before (going back, or editing from the summary). */
  private attachmentsPrompt(language: Language, channelId: string | undefined, text?: string, kept: StoredAttachment[] = []): AttachmentsPromptOptions {
    const { maxBytes, maxFiles } = this.deps.attachments;
    const done = message(language, 'submit.attachments.done');
    const none = message(language, 'submit.attachments.none');
    const ask = `${message(language, 'submit.ask.attachments', { maxMb: megabytes(maxBytes), maxFiles })}\n\n${howToAttach(channelId, language)}`;
    const already = kept.length ? message(language, 'submit.attachments.already', { names: kept.map((a) => a.name).join('، ') }) : undefined;
    const prompt: Partial<Activity> = {
      type: 'message',
      text: text ?? (already ? `${already}\n\n${ask}` : ask),
      suggestedActions: { to: [], actions: [button(done), button(none)] },
    };
    // "لا" / "no" answers "any attachments?": no (more) files, keeping any already attached.
    const finishWords = [...(['ar', 'en'] as const).map((l) => message(l, 'submit.attachments.done')), ...content().lexicon.confirm.no];
    const noneWords = (['ar', 'en'] as const).map((l) => message(l, 'submit.attachments.none'));
    return { prompt, validations: { finishWords, noneWords, kept } };
  }

  private async checkText(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const language = turnLanguage(prompt.context);
    const { field, applicantType } = prompt.options.validations as { field: TextField; applicantType?: ApplicantType };
    const text = prompt.recognized.value ?? '';
    const checks: Record<TextField, () => Checked> = {
      description: () => checkDescription(text, language),
      nationalId: () => checkNationalId(text, language, applicantType),
      mobile: () => checkMobile(text, language),
      email: () => checkEmail(text, language),
    };
    const checked = checks[field]();
    if (checked.ok) {
      prompt.recognized.value = checked.value;
      return true;
    }
    explainRetry(prompt.options, checked.reason, prompt.attemptCount, language);
    return false;
  }

  /** Keeps each file sent (or says why not); the step ends when the person says they are done. */
  private async keepFiles(prompt: PromptValidatorContext<AttachmentsAnswer>): Promise<boolean> {
    const { context } = prompt;
    const language = turnLanguage(context);
    const state = prompt.state as { kept?: StoredAttachment[] };
    // Starts from the files attached before this prompt began (botbuilder gives each prompt fresh state).
    const kept = (state.kept ??= [...(prompt.options as AttachmentsPromptOptions).validations.kept]);
    const answer = prompt.recognized.value!;
    await this.files.keep(context, answer.files, kept);
    if (answer.finished) {
      answer.kept = answer.none ? [] : kept;
      return true;
    }
    const next = answer.files.length ? 'submit.attachments.more' : 'submit.attachments.expected';
    await context.sendActivity(this.attachmentsPrompt(language, context.activity.channelId, message(language, next)).prompt as Partial<Activity>);
    return false;
  }
}

/** The form's state, wherever in the form's inner stack we are (a prompt is usually on top). */
function formState(dc: DialogContext): FormState | undefined {
  return dc.stack.find((instance) => instance.id === FORM)?.state?.options as FormState | undefined;
}

/** The form's state with the files the attachments prompt has kept so far, so leaving that step does not lose them. */
function filesKeptSoFar(dc: DialogContext): FormState | undefined {
  const state = formState(dc);
  const kept = (dc.activeDialog?.id === FILES ? (dc.activeDialog.state.state as { kept?: StoredAttachment[] } | undefined)?.kept : undefined);
  return state && kept ? { ...state, values: { ...state.values, attachments: kept } } : state;
}

function megabytes(bytes: number): string {
  return String(Math.round((bytes / (1024 * 1024)) * 10) / 10);
}
