import { HandoffCase } from './handoffQueue';

export interface AgentRatings {
  displayName: string;
  count: number;
  average: number;
  recentComments: { rating: number; comment: string; at: string; caseId: string }[];
}

/** How many of an agent's latest comments the ratings report shows. */
const RECENT_COMMENTS = 10;

/**
 * Ratings per agent from the rated cases: how many, the average (two decimals), and the latest
 * comments with their rating, newest first. `only` keeps one agent's.
 */
export function ratingsPerAgent(cases: HandoffCase[], only?: string): Record<string, AgentRatings> {
  const perAgent: Record<string, AgentRatings> = {};
  const rated = cases.filter((c) => c.agent && c.rating !== undefined && (!only || c.agent === only));
  rated.sort((a, b) => (b.endedAt ?? '').localeCompare(a.endedAt ?? ''));
  for (const c of rated) {
    const entry = (perAgent[c.agent!] ??= { displayName: c.agentName ?? c.agent!, count: 0, average: 0, recentComments: [] });
    entry.average += c.rating!;
    entry.count += 1;
    if (c.comment && entry.recentComments.length < RECENT_COMMENTS) entry.recentComments.push({ rating: c.rating!, comment: c.comment, at: c.endedAt!, caseId: c.id });
  }
  for (const entry of Object.values(perAgent)) entry.average = Math.round((entry.average / entry.count) * 100) / 100;
  return perAgent;
}
