import { z } from 'zod';

/**
 * Bounds on what a client may send, shared by every edge that takes activities (the Bot Framework
 * endpoint and the built-in Direct Line). They are checked before anything reads the input, so
 * no recogniser, stemmer or log line ever sees more than this.
 */

/** Longest activity text accepted at the edge (400 beyond). The bot itself refuses questions past 1,000 politely. */
export const MAX_ACTIVITY_TEXT = 4000;
/** Longest locale: BCP 47 tags in use are a few characters ("ar-SA"); RFC 5646 asks systems to take 35. */
export const MAX_LOCALE = 35;
/** Deepest nesting of a JSON body: activities are a few levels deep, Adaptive Card values a few more. */
export const MAX_JSON_DEPTH = 32;
/** Largest channelData, as JSON. */
export const MAX_CHANNEL_DATA_BYTES = 16 * 1024;
/** Largest value (a card's submitted inputs), as JSON. */
export const MAX_VALUE_BYTES = 32 * 1024;

/**
 * How deep a parsed JSON value nests, counted without recursion (a body nested 100,000 levels
 * must not overflow the stack), and stopping as soon as it passes `limit`.
 */
export function jsonDepth(value: unknown, limit = Infinity): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (child !== null && typeof child === 'object') pending.push([child, level]);
    }
  }
  return deepest;
}

/** The size of a value as JSON, in UTF-16 code units; Infinity when it cannot be written as JSON. */
function jsonLength(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return Infinity;
  }
}

/** Any JSON value, nested at most `maxDepth` levels and at most `maxBytes` long when written out. */
export const boundedJson = (maxBytes: number, maxDepth = MAX_JSON_DEPTH) =>
  z.unknown().superRefine((value, ctx) => {
    if (jsonDepth(value, maxDepth) > maxDepth) ctx.addIssue({ code: 'custom', message: `nested deeper than ${maxDepth} levels` });
    else if (jsonLength(value) > maxBytes) ctx.addIssue({ code: 'custom', message: `larger than ${maxBytes} bytes as JSON` });
  });
