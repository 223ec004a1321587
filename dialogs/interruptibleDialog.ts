import { TurnContext } from 'botbuilder';
import { ComponentDialog, DialogContext, DialogInstance, DialogTurnResult, DialogTurnStatus } from 'botbuilder-dialogs';
import { message } from '../knowledge/messages';
import { recognizeCommand } from '../knowledge/recognizeIntent';
import { continueActiveDialog } from './continueActiveDialog';
import { FaqResponder } from './faq/faqResponder';
import { filesIn } from './forms/fileKeeper';
import { asksForHuman } from './handoff/handoffEntry';
import { menuActivity, recognizeMenuItem, Service } from './mainMenu';
import { turnLanguage } from './turnLanguage';

/** What a form ends with when the person went elsewhere: the bot routes the turn again, with no form open. */
export interface LeaveForm {
  leaveFormFor: 'routeAgain' | Service;
}

export function isLeaveForm(result: unknown): result is LeaveForm {
  return typeof result === 'object' && result !== null && 'leaveFormFor' in result;
}

/**
 * The base of every multi-step form (in the manner of core-bot's CancelAndHelpDialog): the words
 * that work anywhere are handled here once, not in each step.
 * - "cancel"/"إلغاء" and "menu"/"القائمة" end the form; nothing it gathered is kept.
 * - "help"/"مساعدة" explains the current step (helpFor) and asks the same question again.
 * - "back"/"رجوع" is handed to goBack, which a form with a back step overrides.
 * - A menu button pressed mid-form (an old button still on screen) leaves the form, saying so,
 *   and the router takes the press as if no form had been open (`LeaveForm`).
 * - A question from the knowledge base asked mid-form is answered, then the step is asked again
 *   with what was already given — except on steps that take free text (acceptsFreeText), where a
 *   sentence ending in "؟" is the person's answer, not a question to us.
 */
export abstract class InterruptibleDialog extends ComponentDialog {
  protected constructor(
    dialogId: string,
    protected readonly faq: FaqResponder,
  ) {
    super(dialogId);
  }

  /** The form's name in the user's language, for "you are in a step of …". */
  protected abstract formName(dc: DialogContext): string;

  /** What the current step wants, in the user's language. */
  protected helpFor(dc: DialogContext): string {
    return message(turnLanguage(dc.context), 'formHelp', { form: this.formName(dc) });
  }

  /** Steps whose answer is free text (a description) opt out of mid-form question answering. */
  protected acceptsFreeText(_dc: DialogContext): boolean {
    return false;
  }

  /** Forms that keep files (the request form, adding to a request) say so; elsewhere a file is declined by name. */
  protected takesFiles(_dc: DialogContext): boolean {
    return false;
  }

  /** Returns to the previous step. The default says there is none and asks again. */
  protected async goBack(dc: DialogContext): Promise<DialogTurnResult> {
    await dc.context.sendActivity(message(turnLanguage(dc.context), 'cannotGoBack'));
    await this.askAgain(dc);
    return { status: DialogTurnStatus.waiting };
  }

  /**
   * Asks the current step again (after help, a question, a language switch). The default repeats
   * the prompt as first sent; a form that builds its prompts per language overrides it to rebuild them.
   */
  protected async askAgain(dc: DialogContext): Promise<void> {
    await dc.repromptDialog();
  }

  /** A reprompt from outside (the bot after "English"/"عربي") goes through askAgain too. */
  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    // The same inner context ComponentDialog builds: our dialogs over the state it keeps under "dialogs".
    instance.state.dialogs ??= { dialogStack: [] };
    await this.askAgain(new DialogContext(this.dialogs, context, instance.state.dialogs));
  }

  /** The form's step goes on unless the message interrupts it (ComponentDialog's own, minus the event: continueActiveDialog.ts). */
  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return (await this.interrupt(innerDc)) ?? continueActiveDialog(innerDc);
  }

  private async interrupt(dc: DialogContext): Promise<DialogTurnResult | undefined> {
    const language = turnLanguage(dc.context);
    const text = dc.context.activity.text ?? '';
    // A file where none is taken (tracking, fines) is not dropped without a word; the text with it still counts.
    const files = this.takesFiles(dc) ? [] : filesIn(dc.context.activity);
    if (files.length) {
      const names = files.map((f) => f.name || message(language, 'submit.attachments.unnamed')).join('، ');
      await dc.context.sendActivity(message(language, 'form.fileNotTaken', { names }));
      if (!text.trim()) {
        await this.askAgain(dc);
        return { status: DialogTurnStatus.waiting };
      }
    }
    switch (recognizeCommand(text)) {
      case 'cancel':
        await dc.context.sendActivity(menuActivity(language, message(language, 'cancelled')));
        return dc.cancelAllDialogs();
      case 'menu':
        await dc.context.sendActivity(menuActivity(language));
        return dc.cancelAllDialogs();
      case 'help':
        await dc.context.sendActivity(this.helpFor(dc));
        await this.askAgain(dc);
        return { status: DialogTurnStatus.waiting };
      case 'back':
        return this.goBack(dc);
    }
    // A menu button, or asking for a person in words ("ابي اكلم موظف"): the router takes it with the form left.
    if (recognizeMenuItem(text) || asksForHuman(text, this.acceptsFreeText(dc))) {
      await dc.context.sendActivity(message(language, 'form.left', { form: this.formName(dc) }));
      await dc.cancelAllDialogs();
      const leave: LeaveForm = { leaveFormFor: 'routeAgain' };
      return { status: DialogTurnStatus.complete, result: leave };
    }
    if (!this.acceptsFreeText(dc) && /[?؟]\s*$/.test(text)) {
      if (await this.faq.answerIfCovered(dc.context, text)) {
        await dc.context.sendActivity(message(language, 'resumeForm'));
        await this.askAgain(dc);
        return { status: DialogTurnStatus.waiting };
      }
    }
    return undefined;
  }
}
