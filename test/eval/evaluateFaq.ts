import { buildKnowledgeBase } from '../../knowledge/build/buildKnowledgeBase';
import { retrievalSettings, RetrievalSettings } from '../../knowledge/retrieval/faqRetriever';
import { accuracy, declineRate, DEV_SET, evaluate, HOLDOUT_SET, readDevSet } from './faqEvaluation';

/**
 * `npm run eval`: dev-set accuracy per language and the share of unanswerable questions declined,
 * with the failures listed. `-- --holdout` scores the held-out set instead (written blind, never
 * tuned on); `-- --sweep` also tries other settings, for calibration on the dev set.
 */
const holdout = process.argv.includes('--holdout');
const knowledgeBase = buildKnowledgeBase();
const devSet = readDevSet(holdout ? HOLDOUT_SET : DEV_SET);
const settings = retrievalSettings();
const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

const result = evaluate(knowledgeBase, devSet, settings);
console.log(`${holdout ? 'Held-out set' : 'Dev set'}: ${devSet.length} questions; threshold ${settings.threshold}, clarify ratio ${settings.clarifyRatio}`);
for (const language of ['ar', 'en'] as const) {
  const t = result.byLanguage[language];
  console.log(
    `  ${language}: correct ${t.correct}/${t.answerable} = ${percent(accuracy(result, language))}` +
      ` (+${t.clarified} asked "did you mean" with the right one offered); declined ${t.declined}/${t.unanswerable} = ${percent(declineRate(result, language))}`,
  );
}
if (result.failures.length) {
  console.log('\nNot right:');
  for (const f of result.failures) console.log(`  [${f.question.lang}] ${f.outcome.padEnd(21)} ${f.question.q}  →  ${f.got}`);
}

if (process.argv.includes('--sweep')) {
  // Calibration: a grid over the settings, ranked by the weakest of the four figures.
  const grid: RetrievalSettings[] = [];
  for (const threshold of [0.45, 0.5, 0.55, 0.6, 0.65, 0.7])
    for (const unknownWeight of [0.5, 0.7, 1])
        for (const clarifyRatio of [0.8, 0.9, 0.95])
          for (const outOfScopeMargin of [0, 0.1, 0.2, 1]) grid.push({ ...settings, threshold, unknownWeight, clarifyRatio, outOfScopeMargin });
  const scored = grid.map((s) => {
    const e = evaluate(knowledgeBase, devSet, s);
    const figures = [accuracy(e, 'ar'), accuracy(e, 'en'), declineRate(e, 'ar'), declineRate(e, 'en')];
    return { s, figures, weakest: Math.min(figures[0] / 0.9, figures[1] / 0.9, figures[2] / 0.85, figures[3] / 0.85) };
  });
  console.log('\nthreshold unknown clarify oosMargin  ar-correct en-correct ar-declined en-declined');
  for (const { s, figures } of scored.sort((a, b) => b.weakest - a.weakest).slice(0, 15)) {
    const knobs = [s.threshold, s.unknownWeight, s.clarifyRatio, s.outOfScopeMargin].map((x) => x.toFixed(2).padStart(8));
    console.log(`${knobs.join(' ')}  ${figures.map((x) => percent(x).padStart(10)).join(' ')}`);
  }
}
