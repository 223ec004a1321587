/**
 * Freezes an object and everything in it. Replies kept and sent again on later turns are frozen,
 * so that code changing one in place fails at once instead of altering the next person's reply.
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
