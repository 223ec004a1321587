import { TurnContext } from 'botbuilder';
import { DialogContext, DialogStateManager, DialogStateManagerConfiguration } from 'botbuilder-dialogs';

/**
 * The turn-state key under which botbuilder-dialogs' DialogStateManager looks for its memory scopes
 * and path resolvers before assembling them (memory/dialogStateManager.js, not exported);
 * test/dialogs/sharedDialogMemory.test.ts fails if botbuilder stops reading it.
 */
const CONFIGURATION_KEY = 'DialogStateManagerConfiguration';

let shared: DialogStateManagerConfiguration | undefined;

/**
 * botbuilder's own assembly of memory scopes and path resolvers, done once. Left to itself, the first
 * dialog context of every turn builds a service collection, new scope and resolver objects, and checks
 * each registered component with zod. The scopes and resolvers keep nothing between turns (each reads
 * the turn's context it is handed), so one set serves every turn. Nothing here adds per-turn scopes
 * (turn state's `memoryScopes` / `pathResolvers`), which botbuilder would have merged in.
 */
function sharedConfiguration(): DialogStateManagerConfiguration {
  shared ??= new DialogStateManager({ context: { turnState: new Map() } } as unknown as DialogContext).configuration;
  return shared;
}

/** Call before a turn's first dialog context is made: its dialog memory then uses the shared scopes. */
export function useSharedDialogMemory(context: TurnContext): void {
  if (!context.turnState.has(CONFIGURATION_KEY)) context.turnState.set(CONFIGURATION_KEY, sharedConfiguration());
}
