import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const Row = z.object({ text: z.string(), group: z.string(), expected: z.record(z.string(), z.unknown()) });
const Table = z.object({ reference: z.string(), rows: z.array(Row).min(60) });
export type DateExpression = z.infer<typeof Row>;

/** The shared table of date expressions (test/fixtures/date-expressions.json) and its reference instant. */
export function readDateExpressions(): { reference: Date; rows: DateExpression[] } {
  const table = Table.parse(JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'date-expressions.json'), 'utf8')));
  return { reference: new Date(table.reference), rows: table.rows };
}

/** Whether a reading has every field the table expects (nested objects compared field by field). */
export function matchesExpected(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return actual === expected;
  if (actual === null || typeof actual !== 'object') return false;
  return Object.entries(expected).every(([key, value]) => matchesExpected((actual as Record<string, unknown>)[key], value));
}
