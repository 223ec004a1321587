/**
 * A promise for work that is done later, by whoever holds `settle`: resolved with no argument,
 * rejected with the error given. The group-commit writers hand it to every caller whose text or lines
 * wait for the same write.
 */
export function settlement(): { done: Promise<void>; settle: (error?: unknown) => void } {
  let settle!: (error?: unknown) => void;
  const done = new Promise<void>((resolve, reject) => (settle = (error) => (error === undefined ? resolve() : reject(error))));
  return { done, settle };
}
