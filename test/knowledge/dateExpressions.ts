import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const Row = z.object({ text: z.string(), group: z.string(), batch: z.number().int().optional(), expected: z.record(z.string(), z.unknown()) });
const Table = z.object({ reference: z.string(), rows: z.array(Row).min(1) });
export type DateExpression = z.infer<typeof Row>;

/**
 * A table of date expressions and its reference instant: the development table the tests hold the
 * parser to (date-expressions.json), or the held-out one only the benchmark reads.
 */
export function readDateExpressions(file = 'date-expressions.json'): { reference: Date; rows: DateExpression[] } {
  const table = Table.parse(JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', file), 'utf8')));
  return { reference: new Date(table.reference), rows: table.rows };
}

/** Whether a reading has every field the table expects (nested objects compared field by field). */
export function matchesExpected(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return actual === expected;
  if (actual === null || typeof actual !== 'object') return false;
  return Object.entries(expected).every(([key, value]) => matchesExpected((actual as Record<string, unknown>)[key], value));
}
