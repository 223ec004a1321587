import { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { Dialog, DialogContext, DialogSet, DialogState, DialogTurnStatus } from 'botbuilder-dialogs';
import { isLeaveForm } from './interruptibleDialog';
import { MessageRouter, Routed } from './messageRouter';
import { useSharedDialogMemory } from './sharedDialogMemory';

/**
 * Where a message goes: to the open form, or with none open to the router. The host owns the
 * forms' DialogSet: it opens the form the router decides on, and routes again a turn whose form was
 * left for a menu button. Most turns are one question and one answer, with no dialog to load, run
 * or save, so a dialog context is made only while a form is open or opening.
 */
export class FormHost {
  private readonly dialogs: DialogSet;

  constructor(
    private readonly dialogState: StatePropertyAccessor<DialogState>,
    private readonly router: MessageRouter,
    forms: Dialog[],
  ) {
    this.dialogs = new DialogSet(dialogState);
    for (const form of forms) this.dialogs.add(form);
  }

  /** A dialog context for the turn, on memory scopes assembled once rather than every turn. */
  private dialogContext(context: TurnContext): Promise<DialogContext> {
    useSharedDialogMemory(context);
    return this.dialogs.createContext(context);
  }

  /** Handles one message from the person. */
  async onMessage(context: TurnContext): Promise<void> {
    if (await this.formIsOpen(context)) {
      const result = await (await this.dialogContext(context)).continueDialog();
      if (result.status !== DialogTurnStatus.complete || !isLeaveForm(result.result)) return;
      // The form was left for a menu button: route the button, now with no form open.
      const { leaveFormFor } = result.result;
      if (leaveFormFor !== 'routeAgain') return this.follow(context, await this.router.startService(context, leaveFormFor, ''));
    }
    await this.follow(context, await this.router.route(context));
  }

  /** A form in progress asks its current question again (after a language switch); false when none is open. */
  async repromptOpenForm(context: TurnContext): Promise<boolean> {
    if (!(await this.formIsOpen(context))) return false;
    await (await this.dialogContext(context)).repromptDialog();
    return true;
  }

  private async follow(context: TurnContext, routed: Routed): Promise<void> {
    if (routed.kind === 'openForm') await (await this.dialogContext(context)).beginDialog(routed.dialogId, { text: routed.text });
  }

  /** A form is open when the dialog stack holds one; a stack left by a dialog this version no longer has is dropped. */
  private async formIsOpen(context: TurnContext): Promise<boolean> {
    // No default: reading an absent stack must not create one, which would be state to save.
    const state = await this.dialogState.get(context);
    if (!state?.dialogStack?.length) return false;
    if (state.dialogStack.some((instance) => !this.dialogs.find(instance.id))) state.dialogStack = [];
    return state.dialogStack.length > 0;
  }
}
