import { z } from 'zod';
import { Language } from '../language';
import { UnansweredOutcome, UnansweredRecord } from './keptQuestion';

/** Questions of similar wording, counted. */
export const UnansweredGroup = z.object({
  key: z.string(),
  count: z.number().int().min(1),
  /** The wording asked most often within the group. */
  example: z.string(),
  languages: z.array(Language),
  outcomes: z.object({ declined: z.number().int().min(0), clarified: z.number().int().min(0), 'low-confidence': z.number().int().min(0) }),
  last: z.iso.datetime(),
});
export type UnansweredGroup = z.infer<typeof UnansweredGroup>;

/** The groups shown, and how many questions and groups are kept in all. */
export const UnansweredSummary = z.object({
  questions: z.number().int().min(0),
  groupCount: z.number().int().min(0),
  groups: z.array(UnansweredGroup),
});
export type UnansweredSummary = z.infer<typeof UnansweredSummary>;

/** The kept questions grouped by similar wording, most asked first (the latest first among equals), the first `limit` groups. */
export function groupUnanswered(records: UnansweredRecord[], limit = Infinity): UnansweredSummary {
  const byKey = new Map<string, UnansweredRecord[]>();
  for (const record of records) {
    // A question with no analysed terms (all stopwords) is grouped with its own wording only.
    const key = record.key || record.text;
    const group = byKey.get(key);
    if (group) group.push(record);
    else byKey.set(key, [record]);
  }
  const groups = [...byKey.entries()].map(([key, kept]) => groupOf(key, kept)).sort((a, b) => b.count - a.count || b.last.localeCompare(a.last));
  return { questions: records.length, groupCount: groups.length, groups: groups.slice(0, limit) };
}

function groupOf(key: string, kept: UnansweredRecord[]): UnansweredGroup {
  const wordings = new Map<string, number>();
  const outcomes: Record<UnansweredOutcome, number> = { declined: 0, clarified: 0, 'low-confidence': 0 };
  for (const r of kept) {
    wordings.set(r.text, (wordings.get(r.text) ?? 0) + 1);
    outcomes[r.outcome] += 1;
  }
  const example = [...wordings].sort((a, b) => b[1] - a[1])[0][0];
  return { key, count: kept.length, example, languages: [...new Set(kept.map((r) => r.language))].sort(), outcomes, last: kept.map((r) => r.at).sort().at(-1)! };
}
