import { buildKnowledgeBase } from '../../knowledge/build/buildKnowledgeBase';
import { readRetrievalSettings } from '../../knowledge/retrieval/faqRetriever';
import { accuracy, declineRate, evaluate, readDevSet } from './faqEvaluation';

/**
 * `npm run eval`: dev-set accuracy per language and the share of unanswerable questions declined,
 * with the failures listed. `npm run eval -- --sweep` also tries other thresholds, for calibration.
 */
const knowledgeBase = buildKnowledgeBase();
const devSet = readDevSet();
const settings = readRetrievalSettings();
const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

const result = evaluate(knowledgeBase, devSet, settings);
console.log(`Dev set: ${devSet.length} questions; threshold ${settings.threshold}, clarify ratio ${settings.clarifyRatio}`);
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
  console.log('\nthreshold  ar-correct  en-correct  ar-declined  en-declined');
  for (let threshold = 0.3; threshold <= 0.91; threshold += 0.05) {
    const swept = evaluate(knowledgeBase, devSet, { ...settings, threshold });
    const cells = [accuracy(swept, 'ar'), accuracy(swept, 'en'), declineRate(swept, 'ar'), declineRate(swept, 'en')].map((x) => percent(x).padStart(10));
    console.log(`${threshold.toFixed(2).padStart(9)}  ${cells.join('  ')}`);
  }
}
