
import { ComponentDialog, DialogTurnResult, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { message, MessageKey } from '../knowledge/messages/messages';
import { recognizeCommand, recognizeIntent } from '../knowledge/recognizeIntent';
import { stripInvisibleMarks } from '../knowledge/text/normalizeText';
import { FaqDialog } from './faqDialog';
import { isLeaveForm } from './interruptibleDialog';
import { menuActivity, MenuItem, recognizeMenuItem } from './menu';
import { turnLanguage } from './turnLanguage';

/** Longer than any real question; longer text is refused politely rather than searched. */
export const MAX_QUESTION_LENGTH = 1000;

/** The services behind menu items, each a dialog id; a service with no dialog yet answers "coming soon". */
export type CapabilityDialogs = Partial<Record<Exclude<MenuItem, 'ask'>, string>>;

/**
 * The root of every conversation. It routes each new message — a button, a command, a request for
 * a service, or a question — and ends, so the next message is routed afresh. A message works
 * from the very first turn: nobody has to see the greeting or the menu first.
 */
export class MainDialog extends ComponentDialog {
  static readonly id = 'mainDialog';

  constructor(
    faqDialog: FaqDialog,
    private readonly capabilities: CapabilityDialogs = {},
    capabilityDialogs: ComponentDialog[] = [],
  ) {
    super(MainDialog.id);
    this.addDialog(faqDialog);
    for (const dialog of capabilityDialogs) this.addDialog(dialog);
    this.addDialog(new WaterfallDialog('route', [this.routeStep.bind(this), this.doneStep.bind(this)]));
    this.initialDialogId = 'route';
  }

  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { context } = step;
    const language = turnLanguage(context);
    const say = (key: MessageKey) => context.sendActivity(menuActivity(language, message(language, key)));
    const text = stripInvisibleMarks(context.activity.text ?? '').trim();

    if (!text) {
      await say(context.activity.attachments?.length ? 'attachmentOnly' : 'emptyMessage');
      return step.endDialog();
    }
    if (text.length > MAX_QUESTION_LENGTH) {
      await context.sendActivity(message(language, 'tooLong', { max: MAX_QUESTION_LENGTH }));
      return step.endDialog();
    }
    switch (recognizeCommand(text)) {
      case 'help':
        await context.sendActivity(message(language, 'help'));
        await context.sendActivity(menuActivity(language));
        return step.endDialog();
      case 'menu':
        await context.sendActivity(menuActivity(language));
        return step.endDialog();
      case 'cancel':
        await say('nothingToCancel');
        return step.endDialog();
    }
    const button = recognizeMenuItem(text);
    const wanted = button ?? recognizeIntent(text);
    if (wanted && wanted !== 'ask' && wanted !== 'greet' && !button && !this.capabilities[wanted]) {
      // Free text about a service that is not built yet is still a question the documents may answer.
      return step.beginDialog(FaqDialog.id, { question: text });
    }
    if (wanted === 'ask') {
      await context.sendActivity(message(language, 'askPrompt'));
      return step.endDialog();
    }
    if (wanted === 'greet') {
      await context.sendActivity(message(language, 'welcome'));
      await context.sendActivity(menuActivity(language));
      return step.endDialog();
    }
    if (wanted) return this.startCapability(step, wanted, text);
    if (!/[\p{L}\p{N}]/u.test(text)) {
      await say('noWords');
      return step.endDialog();
    }
    return step.beginDialog(FaqDialog.id, { question: text });
  }

  private async startCapability(step: WaterfallStepContext, item: Exclude<MenuItem, 'ask'>, text: string): Promise<DialogTurnResult> {
    const dialogId = this.capabilities[item];
    if (dialogId) return step.beginDialog(dialogId, { text });
    const language = turnLanguage(step.context);
    const feature = message(language, `menu.${item}` as MessageKey);
    await step.context.sendActivity(menuActivity(language, message(language, 'comingSoon', { feature })));
    return step.endDialog();
  }

  private async doneStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    // A form left for a menu button: route the same message again, now with no form open.
    if (isLeaveForm(step.result)) {
      if (step.result.leaveFormFor === 'routeAgain') return step.replaceDialog('route');
      return this.startCapability(step, step.result.leaveFormFor, '');
    }
    return step.endDialog(step.result);
  }
}

