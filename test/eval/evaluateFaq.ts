import { buildKnowledgeBase } from '../../knowledge/build/buildKnowledgeBase';
import { retrievalSettings, RetrievalSettings } from '../../knowledge/retrieval/faqRetriever';
import { accuracy, BLIND_SET, DECLINE_DEV_SET, declineRate, DEV_EXTRA_SET, DEV_SET, DIALECT_CHECK_SET, evaluate, BLIND_SET_3, BLIND_SET_4, FRESH_BLIND_SET, halfOf, HOLDOUT_SET, readDevSet } from './faqEvaluation';

/**
 * `npm run eval`: dev-set accuracy per language and the share of unanswerable questions declined,
 * with the failures listed. `-- --holdout` scores the held-out set instead (written blind, never
 * tuned on); `-- --dialect` the dialect check set; `-- --dev-extra` the second dev set (tuned on); `-- --blind` scores the older blind set and `-- --fresh` the fresh one (December 2026), `-- --blind3` the third (later in December 2026, since tuned on), `-- --blind4` the fourth (never tuned on), each printing its figures only, never its items;
 * `-- --decline-dev` scores the even half of the decline set (out-of-scope questions, tuned on, items listed) and
 * `-- --decline-check` its odd half (counts only, never tuned on);
 * `-- --sweep` also tries other settings, for calibration on the dev set only.
 */
const holdout = process.argv.includes('--holdout');
const fresh = process.argv.includes('--fresh');
const third = process.argv.includes('--blind3');
const fourth = process.argv.includes('--blind4');
const blind = process.argv.includes('--blind') || fresh || third || fourth;
const dialect = process.argv.includes('--dialect');
const extra = process.argv.includes('--dev-extra');
const declineDev = process.argv.includes('--decline-dev');
const declineCheck = process.argv.includes('--decline-check');
const sweep = process.argv.includes('--sweep');
if (sweep && (holdout || blind || declineCheck)) {
  console.error('--sweep calibrates on the dev set only: tuning on the held-out, blind or decline check set would spoil the honest figure.');
  process.exit(2);
}
if (holdout && blind) {
  console.error('choose one of --holdout and --blind');
  process.exit(2);
}
const knowledgeBase = buildKnowledgeBase();
const devSet =
  declineDev || declineCheck
    ? halfOf(readDevSet(DECLINE_DEV_SET), declineCheck ? 'odd' : 'even')
    : readDevSet(fourth ? BLIND_SET_4 : third ? BLIND_SET_3 : fresh ? FRESH_BLIND_SET : blind ? BLIND_SET : holdout ? HOLDOUT_SET : dialect ? DIALECT_CHECK_SET : extra ? DEV_EXTRA_SET : DEV_SET);
// Sets whose items stay unread: only how many of each kind went wrong is printed.
const countsOnly = blind || declineCheck;
const settings = retrievalSettings();
const percent = (x: number) => (Number.isNaN(x) ? '-' : `${(100 * x).toFixed(1)}%`);

const result = evaluate(knowledgeBase, devSet, settings);
const name = declineCheck ? 'Decline check (odd half)' : declineDev ? 'Decline dev (even half)' : fourth ? 'Fourth blind set' : third ? 'Third blind set' : fresh ? 'Fresh blind set' : blind ? 'Blind set' : holdout ? 'Held-out set' : dialect ? 'Dialect check set' : extra ? 'Second dev set' : 'Dev set';
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
