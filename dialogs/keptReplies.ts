/**
 * Replies composed once and sent again on later turns (a FAQ answer asked before) are "kept". The
 * contract, in one place for both sides: a kept reply is frozen, so code that changes one in place
 * fails at once instead of altering the next person's reply; and because it never changes, a
 * renderer (bot/channelRendering.ts) may cache what it derives from a part of it by identity.
 */
export function keepReply<T>(reply: T): T {
  return deepFreeze(reply);
}

/** Whether a part of an outgoing activity (its entities, say) belongs to a kept reply, so never changes. */
export function isKeptReplyPart(part: object): boolean {
  return Object.isFrozen(part);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
