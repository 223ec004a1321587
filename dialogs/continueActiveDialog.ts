import { DialogContext, DialogContextError, DialogTurnResult, DialogTurnStatus } from 'botbuilder-dialogs';

/**
 * What `DialogContext.continueDialog` does, without the `activityReceived` event it first emits on a
 * turn's first continue. None of our dialogs handles that event. botbuilder's prompts answer it by
 * recognising the message (Prompt.onPreBubbleEvent) only to say whether they "handled" it, which
 * continueDialog ignores; the prompt then recognises the message again when it is continued. Emitting
 * it also builds one more dialog context, to find the innermost dialog it starts from. Every dialog the
 * form host and the forms continue goes through here, so the event is never emitted; a dialog that
 * comes to need it must be continued with `dc.continueDialog()` instead.
 */
export async function continueActiveDialog(dc: DialogContext): Promise<DialogTurnResult> {
  const instance = dc.activeDialog;
  if (!instance) return { status: DialogTurnStatus.empty };
  const dialog = dc.findDialog(instance.id);
  if (!dialog) throw new DialogContextError(`DialogContext.continueDialog(): Can't continue dialog. A dialog with an id of '${instance.id}' wasn't found.`, dc);
  try {
    return await dialog.continueDialog(dc);
  } catch (error) {
    // Enriched as continueDialog enriches it: the innermost dialog context that saw the error names it.
    throw error instanceof DialogContextError ? error : new DialogContextError(error as Error, dc);
  }
}
