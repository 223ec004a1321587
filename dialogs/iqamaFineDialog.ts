import { Activity, MessageFactory } from 'botbuilder';
import { DialogContext, DialogTurnResult, FoundChoice, PromptValidatorContext } from 'botbuilder-dialogs';
import { saudiToday } from '../knowledge/dates/calendarDay';
import { formatGregorian, inBothCalendars, localDigits } from '../knowledge/dates/formatDate';
import { monthDisplayName } from '../knowledge/dates/monthNames';
import { ImpossibleReason, ParsedDate, UnderstoodDate } from '../knowledge/dates/parsedDate';
import { expiryTense, parseExpiryDate } from '../knowledge/fines/expiryDate';
import { finesTalk } from '../knowledge/fines/finesQuestion';
import { iqamaStatus } from '../knowledge/fines/iqamaStatus';
import { parseOffenceNumber } from '../knowledge/fines/lateRenewalCount';
import { KnowledgeEntry } from '../knowledge/knowledgeBase';
import { Language } from '../knowledge/language';
import { content } from '../knowledge/content';
import { message, MessageKey } from '../knowledge/messages';
import { IqamaFineRules, rungFor } from '../knowledge/rules/iqamaFines';
import { citationsEntity } from './faq/citationEntity';
import { FaqResponder } from './faq/faqResponder';
import { InterruptibleDialog } from './interruptibleDialog';
import { button, recognizeMenuItem } from './mainMenu';
import { FormStep, FormWaterfall } from './forms/formWaterfall';
import { FAILURES_BEFORE_HUMAN } from './forms/retryPrompt';
import { DatePrompt, readDateOnce } from './prompts/datePrompt';
import { labelledChoice, LocalizedChoicePrompt } from './prompts/localizedChoicePrompt';
import { OffenceCountPrompt } from './prompts/offenceCountPrompt';
import { turnLanguage } from './turnLanguage';

export interface IqamaFineDialogOptions {
  /** The message that started the dialog: it may already give the date and the count. */
  text?: string;
  /** Set when "back" returns to the date question: the count already given is kept. */
  again?: { offence?: number };
}

/** What the dialog has gathered so far, kept in the waterfall's values between turns. */
interface Gathered {
  date?: ParsedDate;
  offence?: number;
  /** How to ask for the date after what the first reply said: after the ladder, the Absher steps, or an impossible date. */
  dateAsk?: DateAsk;
  /**
   * The first message gave which late renewal this is but no date: the answer needs none, since the
   * consequence depends only on the count once the iqama has expired. `said` when it said it has expired.
   */
  withoutDate?: 'said' | 'assumed';
}

type DateAsk = 'fines.askDate' | 'fines.askDateAfterLadder' | 'fines.askDateWhenKnown' | 'fines.askDateAgain';

const DATE_PROMPT = 'iqamaExpiryDate';
const READING_PROMPT = 'iqamaDateReading';
const COUNT_PROMPT = 'iqamaLateCount';

// Intl's rules and formats, built once per language: building one costs more than the sentence it serves.
const PLURAL_RULES: Record<Language, Intl.PluralRules> = { ar: new Intl.PluralRules('ar'), en: new Intl.PluralRules('en') };
const ORDINAL_RULES: Record<Language, Intl.PluralRules> = { ar: new Intl.PluralRules('ar', { type: 'ordinal' }), en: new Intl.PluralRules('en', { type: 'ordinal' }) };
const WEEKDAY_FORMATS: Record<Language, Intl.DateTimeFormat> = {
  ar: new Intl.DateTimeFormat('ar-SA', { weekday: 'long', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone: 'UTC' }),
};

type Section = keyof IqamaFineRules['relatedSections'] | 'penalties';

/**
 * Explains what the Tawasul guide says happens to a resident whose iqama expires before renewal.
 * It needs the expiry date and, once the iqama has expired, how many late renewals came before;
 * it takes whatever the first message gives ("انتهت اقامتي ٢٠ جماد الاول ١٤٤٧ وهذي ثاني مرة")
 * and asks only for the rest. The penalties come from knowledge/rules/iqamaFines.json, the
 * requirements and the Absher steps from the knowledge base, each cited.
 */
export class IqamaFineDialog extends InterruptibleDialog {
  static readonly id = 'iqamaFineDialog';

  constructor(
    faq: FaqResponder,
    private readonly rules: IqamaFineRules,
    private readonly now: () => Date = () => new Date(),
  ) {
    super(IqamaFineDialog.id, faq);
    // Every reply quotes these sections in the user's language; a missing translation would quote Arabic to an English reader.
    for (const section of ['penalties', 'renewalRequirements', 'expiryCheck'] as const) {
      for (const language of ['ar', 'en'] as const) {
        if (this.entry(section, language)?.language !== language) {
          throw new Error(`iqama fines: the knowledge base has no section "${this.heading(section)}" in ${language === 'ar' ? 'Arabic' : 'English'}`);
        }
      }
    }
    this.addDialog(new DatePrompt(DATE_PROMPT, now, this.validateDate.bind(this), parseExpiryDate));
    this.addDialog(new LocalizedChoicePrompt(READING_PROMPT));
    this.addDialog(new OffenceCountPrompt(COUNT_PROMPT));
    this.addDialog(
      new FormWaterfall('iqamaFine', [
        this.openStep.bind(this),
        this.dateStep.bind(this),
        this.readingStep.bind(this),
        this.countStep.bind(this),
        this.answerStep.bind(this),
      ]),
    );
    this.initialDialogId = 'iqamaFine';
  }

  protected formName(dc: DialogContext): string {
    return message(turnLanguage(dc.context), 'fines.formName');
  }

  /** A date (or "I don't know") typed at the date step is an answer, even with a question mark. */
  protected override acceptsFreeText(dc: DialogContext): boolean {
    return dc.activeDialog?.id === DATE_PROMPT && readDateOnce(dc.context, this.now, parseExpiryDate).kind !== 'none';
  }

  /** "رجوع" / "back" after the date was taken asks for the date again. */
  protected override async goBack(dc: DialogContext): Promise<DialogTurnResult> {
    if (dc.activeDialog?.id !== COUNT_PROMPT && dc.activeDialog?.id !== READING_PROMPT) return super.goBack(dc);
    const offence = (dc.stack.find((d) => d.id === 'iqamaFine')?.state?.values as Gathered | undefined)?.offence;
    await dc.cancelAllDialogs();
    return dc.beginDialog('iqamaFine', { again: { offence } } satisfies IqamaFineDialogOptions);
  }

  private async openStep(step: FormStep<IqamaFineDialogOptions>): Promise<DialogTurnResult> {
    const text = step.options.text ?? '';
    const gathered = this.gathered(step);
    if (step.options.again) {
      gathered.offence = step.options.again.offence;
      return step.next();
    }
    const fromMenu = !text || recognizeMenuItem(text) === 'fines';
    const date = fromMenu ? undefined : parseExpiryDate(text, { reference: this.now() });
    const offence = fromMenu ? undefined : parseOffenceNumber(text);
    if (offence !== undefined) gathered.offence = offence;
    if (date && (date.kind === 'exact' || date.kind === 'approximate' || date.kind === 'ambiguous')) {
      gathered.date = date;
      return step.next();
    }
    const language = turnLanguage(step.context);
    if (offence !== undefined && (date?.kind === 'none' || date?.kind === 'unknown')) {
      // "I was late once before and now my iqama expired again": the count is all the answer needs.
      gathered.withoutDate = expiryTense(text) === 'past' ? 'said' : 'assumed';
      if (date.kind === 'unknown') await step.context.sendActivity(this.absherStepsReply(language));
      return step.next();
    }
    if (date?.kind === 'none' && offence === undefined && (!finesTalk(text).iqama || this.faq.asksWhatNoSectionGives(text))) {
      // "penalty for speeding", "غرامة المخالفات المرورية": a fine the documents do not cover is declined honestly
      // (a message that names the iqama — "الاقامة خلصت، هدفع كام؟" — is about these fines whatever the retriever thinks),
      // and so is what the guide never says of these fines: whether they can be waived, who pays them.
      if (await this.faq.declineIfUncovered(step.context, text)) return step.endDialog();
    }
    if (fromMenu) await step.context.sendActivity(message(language, 'fines.intro'));
    else if (date?.kind === 'none') {
      // A question with no date ("كم غرامة تأخير تجديد الإقامة؟") is answered from the document first.
      await step.context.sendActivity(this.ladderReply(language));
      gathered.dateAsk = 'fines.askDateAfterLadder';
    } else if (date?.kind === 'unknown') {
      // "ما ادري متى تنتهي، كم الغرامه؟" asked about the fines too: the ladder first, then how to find the date.
      await step.context.sendActivities([this.ladderReply(language), this.absherStepsReply(language)]);
      gathered.dateAsk = 'fines.askDateWhenKnown';
    } else if (date?.kind === 'impossible') {
      await step.context.sendActivity(this.impossibleText(date.reason, language));
      gathered.dateAsk = 'fines.askDateAgain';
    }
    return step.next();
  }

  private async dateStep(step: FormStep): Promise<DialogTurnResult> {
    const { date, dateAsk = 'fines.askDate', withoutDate } = this.gathered(step);
    if (date || withoutDate) return step.next();
    return step.prompt(DATE_PROMPT, { prompt: message(turnLanguage(step.context), dateAsk) });
  }

  private async readingStep(step: FormStep): Promise<DialogTurnResult> {
    const gathered = this.gathered(step);
    if (step.result) gathered.date = step.result as ParsedDate;
    const date = gathered.date;
    const days = this.daysToConfirm(date);
    // Nothing to ask when no reading needs confirming, or when every reading has passed: expired either way.
    if (days.length === 0 || days.every((d) => d < this.today())) return step.next();
    const language = turnLanguage(step.context);
    const other: Language = language === 'ar' ? 'en' : 'ar';
    if (days.length === 1) {
      // "this coming Saturday" → "Saturday 5 December 2026?": restated as a question before anything is computed.
      const { yes, no } = content().lexicon.confirm;
      return step.prompt(READING_PROMPT, {
        // An estimate ("نص الشهر الجاي") is asked about as "around 15 December", with no weekday to suggest precision.
        prompt:
          date?.kind === 'approximate'
            ? message(language, 'fines.confirmAround', { day: formatGregorian(days[0], language) })
            : message(language, 'fines.confirmDay', { day: this.dayWithWeekday(days[0], language) }),
        retryPrompt: message(language, 'fines.confirmDayRetry'),
        choices: [labelledChoice('yes', message(language, 'fines.confirmDay.yes'), yes), labelledChoice('no', message(language, 'fines.confirmDay.no'), no)],
      });
    }
    return step.prompt(READING_PROMPT, {
      prompt: message(language, 'fines.confirmReading'),
      retryPrompt: message(language, 'fines.confirmReadingRetry'),
      choices: days.map((iso) => labelledChoice(iso, this.dayWithWeekday(iso, language), [iso, formatGregorian(iso, language), formatGregorian(iso, other)])),
    });
  }

  /** The days a reading asks the person to choose or confirm: two readings, or one day to confirm. */
  private daysToConfirm(date: ParsedDate | undefined): string[] {
    if (date?.kind === 'ambiguous') return [...date.candidates];
    if ((date?.kind === 'exact' || date?.kind === 'approximate') && date.confirm) return [date.iso];
    return [];
  }

  /** "السبت ٥ ديسمبر ٢٠٢٦", "Saturday 5 December 2026". */
  private dayWithWeekday(iso: string, language: Language): string {
    const weekday = WEEKDAY_FORMATS[language].format(new Date(`${iso}T12:00:00Z`));
    return `${weekday} ${formatGregorian(iso, language)}`;
  }

  private async countStep(step: FormStep): Promise<DialogTurnResult> {
    const gathered = this.gathered(step);
    if (step.result) {
      const chosen = (step.result as FoundChoice).value;
      // "No" to "Saturday 5 December?": the date is asked again, the count already given kept.
      if (chosen === 'no') return step.replaceDialog('iqamaFine', { again: { offence: gathered.offence } } satisfies IqamaFineDialogOptions);
      const date = gathered.date;
      if (chosen === 'yes' && (date?.kind === 'exact' || date?.kind === 'approximate')) gathered.date = { ...date, confirm: undefined };
      else gathered.date = { kind: 'exact', iso: chosen, calendar: 'gregorian' };
    }
    if (gathered.offence !== undefined || !this.isExpired(gathered)) return step.next();
    const language = turnLanguage(step.context);
    return step.prompt(COUNT_PROMPT, {
      prompt: message(language, 'fines.askCount'),
      retryPrompt: message(language, 'fines.askCountRetry'),
      choices: [
        labelledChoice('1', message(language, 'fines.count.none')),
        labelledChoice('2', message(language, 'fines.count.once')),
        labelledChoice('3', message(language, 'fines.count.twiceOrMore')),
      ],
    });
  }

  /** Whether the iqama has expired on what was gathered: a day past, every reading past, or no date with a count. */
  private isExpired(gathered: Gathered): boolean {
    const date = gathered.date;
    if (gathered.withoutDate) return true;
    if (date?.kind === 'ambiguous') return date.candidates.every((d) => d < this.today());
    return (date?.kind === 'exact' || date?.kind === 'approximate') && iqamaStatus(date.iso, this.today()).status === 'expired';
  }

  private async answerStep(step: FormStep): Promise<DialogTurnResult> {
    const gathered = this.gathered(step);
    if (step.result) gathered.offence = Number((step.result as FoundChoice).value);
    await step.context.sendActivity(this.answerReply(gathered, turnLanguage(step.context)));
    return step.endDialog();
  }

  /** Answers what the date prompt read: a day goes on; "I don't know" and impossible dates are explained and asked again. */
  private async validateDate(prompt: PromptValidatorContext<ParsedDate>): Promise<boolean> {
    const { context } = prompt;
    const language = turnLanguage(context);
    const date = prompt.recognized.value;
    if (!prompt.recognized.succeeded || !date) {
      if (prompt.attemptCount < FAILURES_BEFORE_HUMAN) {
        await context.sendActivity(message(language, 'fines.dateNotUnderstood'));
        return false;
      }
      // Three misses: help with the date, and the officer, as the request forms offer (dialogs/forms/retryPrompt.ts).
      const help = MessageFactory.suggestedActions(
        [button(message(language, 'fines.dateHelp.unknown')), button(message(language, 'menu.staff'))],
        [message(language, 'fines.dateNotUnderstood'), message(language, 'fines.dateHelp')].join('\n\n'),
      );
      await context.sendActivity(help);
      return false;
    }
    if (date.kind === 'unknown') {
      await context.sendActivities([this.absherStepsReply(language), { type: 'message', text: message(language, 'fines.askDateWhenKnown') }]);
      return false;
    }
    if (date.kind === 'impossible') {
      await context.sendActivities([{ type: 'message', text: this.impossibleText(date.reason, language) }, { type: 'message', text: message(language, 'fines.askDateAgain') }]);
      return false;
    }
    return true;
  }

  private answerReply(gathered: Gathered, language: Language): Partial<Activity> {
    const { date, offence } = gathered;
    const parts: string[] = [];
    const cited: KnowledgeEntry[] = [];
    const day = date?.kind === 'exact' || date?.kind === 'approximate' ? date : undefined;
    const status = day ? iqamaStatus(day.iso, this.today()) : undefined;
    if (day) parts.push(this.understoodDateText(day, language));
    else if (date?.kind === 'ambiguous') {
      // Every reading has passed: the answer is the same whichever was meant, and both are said.
      const [first, second] = date.candidates.map((iso) => this.dayWithWeekday(iso, language));
      parts.push(message(language, 'fines.eitherReading', { first, second }));
    } else parts.push(message(language, gathered.withoutDate === 'said' ? 'fines.expiredNoDate' : 'fines.noDate'));
    if (status?.status === 'valid') {
      parts.push(status.daysLeft === 0 ? message(language, 'fines.validToday') : message(language, 'fines.valid', { days: this.dayCount(status.daysLeft, language) }));
      parts.push(this.requirementsText(language, 1));
      cited.push(this.entry('renewalRequirements', language)!);
    } else {
      const rung = rungFor(this.rules, offence ?? 1);
      const penalties = this.entry('penalties', language)!;
      if (status) parts.push(message(language, 'fines.expired', { days: this.dayCount(status.daysSince, language) }));
      parts.push(message(language, 'fines.consequence', { ordinal: this.ordinal(offence ?? 1, language), quote: rung.quote[language], source: this.sourceLine(penalties, language) }));
      if ((offence ?? 1) > this.rules.offences.length) parts.push(message(language, 'fines.beyondLadder'));
      cited.push(penalties);
      if (rung.consequence === 'fine') {
        parts.push(message(language, 'fines.nextSteps.fine'));
        parts.push(this.requirementsText(language, 2));
        cited.push(this.entry('renewalRequirements', language)!);
      } else {
        parts.push(message(language, 'fines.nextSteps.deportation'));
      }
    }
    const reply = MessageFactory.suggestedActions(
      [button(message(language, 'menu.submit')), button(message(language, 'menu.staff')), button(message(language, 'menu.show'))],
      parts.join('\n\n'),
    );
    reply.textFormat = 'markdown';
    reply.entities = [citationsEntity(cited)];
    return reply;
  }

  private understoodDateText(date: UnderstoodDate, language: Language): string {
    const both = inBothCalendars(date.iso, language);
    const iso = language === 'ar' ? `\u200E${both.iso}\u200E` : both.iso;
    const text = both.hijri
      ? message(language, 'fines.understoodDate', { gregorian: both.gregorian, iso, hijri: both.hijri })
      : message(language, 'fines.understoodDateNoHijri', { gregorian: both.gregorian, iso });
    return date.kind === 'approximate' ? `${text}\n${message(language, 'fines.approximateNote')}` : text;
  }

  private ladderReply(language: Language): Partial<Activity> {
    const penalties = this.entry('penalties', language)!;
    const ladder = this.rules.offences.map((rung) => `- ${rung.quote[language]}`).join('\n');
    const reply = MessageFactory.text(message(language, 'fines.ladder', { ladder, source: this.sourceLine(penalties, language) }));
    reply.textFormat = 'markdown';
    reply.entities = [citationsEntity([penalties])];
    return reply;
  }

  private absherStepsReply(language: Language): Partial<Activity> {
    const expiryCheck = this.entry('expiryCheck', language)!;
    const steps = expiryCheck.items.map((item) => `- ${item}`).join('\n');
    const reply = MessageFactory.text(message(language, 'fines.unknownDate', { steps, source: this.sourceLine(expiryCheck, language) }));
    reply.textFormat = 'markdown';
    reply.entities = [citationsEntity([expiryCheck])];
    return reply;
  }

  private requirementsText(language: Language, n: number): string {
    const requirements = this.entry('renewalRequirements', language)!;
    const items = requirements.items.map((item) => `- ${item}`).join('\n');
    // The marker stays "[2]" in Arabic too: channels match it to the citation's position.
    return message(language, 'fines.requirements', { items, source: this.sourceLine(requirements, language), n });
  }

  private impossibleText(reason: ImpossibleReason, language: Language): string {
    const calendar = (c: 'hijri' | 'gregorian') => message(language, `fines.calendar.${c}` as MessageKey);
    const n = (value: number) => localDigits(value, language);
    switch (reason.code) {
      case 'noSuchMonth':
        return message(language, 'fines.impossible.noSuchMonth', { month: n(reason.month) });
      case 'noSuchDay':
        return message(language, 'fines.impossible.noSuchDay', {
          monthName: monthDisplayName(reason.calendar, reason.month, language),
          year: n(reason.year),
          calendar: calendar(reason.calendar),
          daysInMonth: n(reason.daysInMonth),
          day: n(reason.day),
        });
      case 'yearOutOfRange':
        return message(language, 'fines.impossible.yearOutOfRange', { year: n(reason.year), calendar: calendar(reason.calendar) });
    }
  }

  /** "يوم واحد", "يومين", "٣ أيام", "١١ يوماً": Arabic counts its nouns by the plural categories of CLDR. */
  private dayCount(days: number, language: Language): string {
    const category = PLURAL_RULES[language].select(days);
    return message(language, `fines.days.${category}` as MessageKey, { n: localDigits(days, language) });
  }

  /** "الرابعة", "fifth" up to the tenth; past it "رقم ١١", "11th", "21st" by CLDR's ordinal categories. */
  private ordinal(offence: number, language: Language): string {
    if (offence <= 10) return message(language, `fines.ordinal.${offence}` as MessageKey);
    const category = ORDINAL_RULES[language].select(offence);
    return message(language, `fines.ordinal.more.${category}` as MessageKey, { n: localDigits(offence, language) });
  }

  private sourceLine(entry: KnowledgeEntry, language: Language): string {
    return message(language, 'answerSource', { document: entry.source.documentTitle, section: entry.source.section });
  }

  private heading(section: Section): string {
    return section === 'penalties' ? this.rules.source.section : this.rules.relatedSections[section];
  }

  private entry(section: Section, language: Language): KnowledgeEntry | undefined {
    return this.faq.entryBySection(this.heading(section), language);
  }

  private today() {
    return saudiToday(this.now());
  }

  private gathered(step: FormStep): Gathered {
    return step.values as Gathered;
  }
}
