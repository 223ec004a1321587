import { buildKnowledgeBase } from '../../knowledge/build/buildKnowledgeBase';
import { retrievalSettings, RetrievalSettings } from '../../knowledge/retrieval/faqRetriever';
import { accuracy, BLIND_SET, BLIND_SET_3, BLIND_SET_4, BLIND_SET_5, DECLINE_DEV_SET, declineRate, DEV_EXTRA_SET, DEV_SET, DevQuestion, DIALECT_CHECK_SET, evaluate, FRESH_BLIND_SET, halfOf, HOLDOUT_SET, NEAR_MISS_SET, readDevSet } from './faqEvaluation';

/**
 * `npm run eval`: FAQ accuracy per language and the share of unanswerable questions declined, on the dev
 * set by default or on the set a flag names (the table below). Sets nobody may tune on print their figures
 * and the count of each kind of failure, never their items; the others list their failures.
 * `-- --sweep` also tries other settings, for calibration on the dev set only.
 */
interface EvalSet {
  name: string;
  questions: () => DevQuestion[];
  /** Never tuned on: only counts are printed, so that nobody reads its items to fix them. */
  countsOnly: boolean;
}

const SETS: Record<string, EvalSet> = {
  '--holdout': { name: 'Held-out set', questions: () => readDevSet(HOLDOUT_SET), countsOnly: false },
  '--dialect': { name: 'Dialect check set', questions: () => readDevSet(DIALECT_CHECK_SET), countsOnly: false },
  '--dev-extra': { name: 'Second dev set (tuned on)', questions: () => readDevSet(DEV_EXTRA_SET), countsOnly: false },
  '--near-miss': { name: 'Near-miss set (tuned on)', questions: () => readDevSet(NEAR_MISS_SET), countsOnly: false },
  '--decline-dev': { name: 'Decline dev (even half)', questions: () => halfOf(readDevSet(DECLINE_DEV_SET), 'even'), countsOnly: false },
  '--decline-check': { name: 'Decline check (odd half, read in the sixth pass)', questions: () => halfOf(readDevSet(DECLINE_DEV_SET), 'odd'), countsOnly: true },
  '--blind': { name: 'Blind set', questions: () => readDevSet(BLIND_SET), countsOnly: true },
  '--fresh': { name: 'Fresh blind set', questions: () => readDevSet(FRESH_BLIND_SET), countsOnly: true },
  '--blind3': { name: 'Third blind set (since tuned on)', questions: () => readDevSet(BLIND_SET_3), countsOnly: true },
  '--blind4': { name: 'Fourth blind set (never tuned on)', questions: () => readDevSet(BLIND_SET_4), countsOnly: true },
  '--blind5': { name: 'Fifth blind set (never tuned on)', questions: () => readDevSet(BLIND_SET_5), countsOnly: true },
};
const DEV: EvalSet = { name: 'Dev set', questions: () => readDevSet(DEV_SET), countsOnly: false };

const chosen = Object.keys(SETS).filter((flag) => process.argv.includes(flag));
const sweep = process.argv.includes('--sweep');
if (chosen.length > 1) {
  console.error(`choose one set: ${chosen.join(', ')}`);
  process.exit(2);
}
const set = chosen.length ? SETS[chosen[0]] : DEV;
if (sweep && set !== DEV) {
  console.error('--sweep calibrates on the dev set only: tuning on another set would spoil its figure.');
  process.exit(2);
}
const knowledgeBase = buildKnowledgeBase();
const devSet = set.questions();
const countsOnly = set.countsOnly;
const settings = retrievalSettings();
const percent = (x: number) => (Number.isNaN(x) ? '-' : `${(100 * x).toFixed(1)}%`);

const result = evaluate(knowledgeBase, devSet, settings);
const name = set.name;
console.log(`${name}: ${devSet.length} questions; threshold ${settings.threshold}, clarify ratio ${settings.clarifyRatio}`);
for (const language of ['ar', 'en'] as const) {
  const t = result.byLanguage[language];
  console.log(
    `  ${language}: correct ${t.correct}/${t.answerable} = ${percent(accuracy(result, language))}` +
      ` (+${t.clarified} asked "did you mean" with the right one offered); declined ${t.declined}/${t.unanswerable} = ${percent(declineRate(result, language))}`,
  );
}
if (countsOnly) {
  const kinds = new Map<string, number>();
  for (const f of result.failures) kinds.set(`${f.question.lang} ${f.outcome}`, (kinds.get(`${f.question.lang} ${f.outcome}`) ?? 0) + 1);
  console.log(`\nNot right (counts only): ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
} else if (result.failures.length) {
  console.log('\nNot right:');
  for (const f of result.failures) console.log(`  [${f.question.lang}] ${f.outcome.padEnd(21)} ${f.question.q}  →  ${f.got}`);
}

if (sweep) {
  // Calibration: a grid over the settings, ranked by the weakest of the four figures.
  const grid: RetrievalSettings[] = [];
  for (const threshold of [0.5, 0.6])
    for (const rankerWeight of [0, 0.5, 0.7])
      for (const rankerAnswerProbability of [0.5, 0.7, 1])
        for (const rankerMinCoverage of [0.3])
          for (const rankerDeclineProbability of [0.4, 1])
            grid.push({ ...settings, threshold, rankerWeight, rankerAnswerProbability, rankerMinCoverage, rankerDeclineProbability });
  const scored = grid.map((s) => {
    const e = evaluate(knowledgeBase, devSet, s);
    const figures = [accuracy(e, 'ar'), accuracy(e, 'en'), declineRate(e, 'ar'), declineRate(e, 'en')];
    return { s, figures, weakest: Math.min(figures[0] / 0.9, figures[1] / 0.9, figures[2] / 0.85, figures[3] / 0.85) };
  });
  console.log('\nthreshold  rankerW  rankerP rankerCov rankerOut  ar-correct en-correct ar-declined en-declined');
  for (const { s, figures } of scored.sort((a, b) => b.weakest - a.weakest || b.figures.reduce((x, y) => x + y) - a.figures.reduce((x, y) => x + y)).slice(0, 25)) {
    const knobs = [s.threshold, s.rankerWeight, s.rankerAnswerProbability, s.rankerMinCoverage, s.rankerDeclineProbability].map((x) => x.toFixed(2).padStart(8));
    console.log(`${knobs.join(' ')}  ${figures.map((x) => percent(x).padStart(10)).join(' ')}`);
  }
}
