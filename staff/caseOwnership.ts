import { HandoffCase } from './handoffQueue';

export interface Agent {
  username: string;
  displayName: string;
}

export class NotYoursError extends Error {}
export class NotConnectedError extends Error {}

/** An agent acts on a case only while it is in progress, and only on their own (`agent` undefined: the bearer token, which may act on any). */
export function checkOwner(c: HandoffCase, agent: Agent | undefined): void {
  if (c.status !== 'assigned') throw new NotConnectedError(`case ${c.id} is ${c.status}`);
  if (agent && c.agent !== agent.username) throw new NotYoursError(`case ${c.id} is taken by another agent`);
}
