import { Activity, TurnContext } from 'botbuilder';
import { Choice, DialogContext, DialogReason, DialogTurnResult, PromptOptions, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';

/** What a form's step uses of botbuilder's WaterfallStepContext; a WaterfallStepContext is one too. */
export type FormStep<O extends object = {}> = Pick<WaterfallStepContext<O>, 'context' | 'options' | 'values' | 'result' | 'next' | 'prompt' | 'endDialog' | 'replaceDialog'>;

export type FormStepFunction<O extends object = {}> = (step: FormStep<O>) => Promise<DialogTurnResult>;

/**
 * A step of the waterfall on the waterfall's own dialog context. A WaterfallStepContext shares that
 * context's stack, parent and dialogs, so prompting, ending or replacing through either does the same.
 */
class StepOnWaterfallContext<O extends object> implements FormStep<O> {
  constructor(
    private readonly dc: DialogContext,
    readonly options: O,
    readonly values: object,
    readonly result: FormStep['result'],
    private readonly onNext: (result?: unknown) => Promise<DialogTurnResult>,
  ) {}

  get context(): TurnContext {
    return this.dc.context;
  }

  next(result?: unknown): Promise<DialogTurnResult> {
    return this.onNext(result);
  }

  prompt(dialogId: string, promptOrOptions: string | Partial<Activity> | PromptOptions, choices?: (string | Choice)[]): Promise<DialogTurnResult> {
    return choices ? this.dc.prompt(dialogId, promptOrOptions, choices) : this.dc.prompt(dialogId, promptOrOptions);
  }

  endDialog(result?: unknown): Promise<DialogTurnResult> {
    return this.dc.endDialog(result);
  }

  replaceDialog(dialogId: string, options?: object): Promise<DialogTurnResult> {
    return this.dc.replaceDialog(dialogId, options);
  }
}

/**
 * botbuilder's WaterfallDialog, whose steps get a FormStep where botbuilder builds a WaterfallStepContext:
 * a whole dialog context per step (a dialog state manager, a component registration with its service
 * collection, the turn's activity written to its memory), and a form turn runs several steps when one
 * goes on to the next or the form starts its waterfall again. What it keeps in the dialog state
 * (stepIndex, options, values) and its version are WaterfallDialog's, so a form begun before goes on.
 * Unlike WaterfallDialog.onStep it tells no telemetry client of each step: this bot sets none.
 */
export class FormWaterfall<O extends object = {}> extends WaterfallDialog<O> {
  constructor(
    dialogId: string,
    private readonly formSteps: FormStepFunction<O>[],
  ) {
    // botbuilder keeps the steps too: its version of the dialog counts them.
    super(dialogId, formSteps);
  }

  protected override async runStep(dc: DialogContext, index: number, _reason: DialogReason, result?: unknown): Promise<DialogTurnResult> {
    if (index >= this.formSteps.length) return dc.endDialog(result);
    // Kept as WaterfallDialog.runStep keeps it.
    const state = dc.activeDialog!.state as { stepIndex: number; options: O; values: object };
    state.stepIndex = index;
    let nextCalled = false;
    const step = new StepOnWaterfallContext<O>(dc, state.options, state.values, result, async (stepResult) => {
      if (nextCalled) throw new Error(`WaterfallStepContext.next(): method already called for dialog and step '${this.id}[${index}]'.`);
      nextCalled = true;
      return this.resumeDialog(dc, DialogReason.nextCalled, stepResult);
    });
    return this.formSteps[index](step);
  }
}
