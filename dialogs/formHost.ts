import { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { Dialog, DialogContext, DialogSet, DialogState, DialogTurnStatus } from 'botbuilder-dialogs';
import { continueActiveDialog } from './continueActiveDialog';
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

  /**
   * A dialog context for the turn, on memory scopes assembled once rather than every turn; over the
   * open form's state when there is one, already read (what DialogSet.createContext would read again).
   */
  private async dialogContext(context: TurnContext, open?: DialogState): Promise<DialogContext> {
    useSharedDialogMemory(context);
    return open ? new DialogContext(this.dialogs, context, open) : this.dialogs.createContext(context);
  }

  /** Handles one message from the person. */
  async onMessage(context: TurnContext): Promise<void> {
    const open = await this.openForm(context);
    if (open) {
      const result = await continueActiveDialog(await this.dialogContext(context, open));
      if (result.status !== DialogTurnStatus.complete || !isLeaveForm(result.result)) return;
      // The form was left for a menu button: route the button, now with no form open.
      const { leaveFormFor } = result.result;
      if (leaveFormFor !== 'routeAgain') return this.follow(context, await this.router.startService(context, leaveFormFor, ''));
    }
    await this.follow(context, await this.router.route(context));
  }

  /** A form in progress asks its current question again (after a language switch); false when none is open. */
  async repromptOpenForm(context: TurnContext): Promise<boolean> {
    const open = await this.openForm(context);
    if (!open) return false;
    await (await this.dialogContext(context, open)).repromptDialog();
    return true;
  }

  private async follow(context: TurnContext, routed: Routed): Promise<void> {
    if (routed.kind === 'openForm') await (await this.dialogContext(context)).beginDialog(routed.dialogId, { text: routed.text });
  }

  /**
   * The dialog state when a form is open, that is when the dialog stack holds one; a stack left by a
   * dialog this version no longer has is dropped.
   */
  private async openForm(context: TurnContext): Promise<DialogState | undefined> {
    // No default: reading an absent stack must not create one, which would be state to save.
    const state = await this.dialogState.get(context);
    if (!state?.dialogStack?.length) return undefined;
    if (state.dialogStack.some((instance) => !this.dialogs.find(instance.id))) state.dialogStack = [];
    return state.dialogStack.length > 0 ? state : undefined;
  }
}
