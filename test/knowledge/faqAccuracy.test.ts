import { buildKnowledgeBase } from '../../knowledge/build/buildKnowledgeBase';
import { accuracy, DECLINE_DEV_SET, declineRate, DEV_EXTRA_SET, DEV_SET, DIALECT_CHECK_SET, evaluate, halfOf, HOLDOUT_SET, NEAR_MISS_SET, readDevSet } from '../eval/faqEvaluation';

// Floors at what the retriever with the paraphrase ranker reaches (`npm run eval`, `-- --holdout`),
// per language, so any regression fails. The goal is 90% right and 90% declined on unseen
// questions; the blind set (`-- --blind`) is reported, never asserted or tuned on.
const FLOOR = { ar: { correct: 0.97, declined: 0.97 }, en: { correct: 0.96, declined: 0.97 } };
// The held-out set was written blind to the tuning: guarded at what it scores now.
const HOLDOUT_GUARD = { ar: { correct: 0.925, declined: 1 }, en: { correct: 0.9, declined: 1 } };

// The second dev set (dialects, facts inside sections, near misses), tuned on: a question or two under what it scores.
const DEV_EXTRA_FLOOR = { ar: { correct: 0.9, declined: 0.98 }, en: { correct: 0.91, declined: 0.98 } };

// The near-miss set (questions on one fact inside a section, and near misses), tuned on in issue 15's seventh pass: a question or two under what it scores.
const NEAR_MISS_FLOOR = { ar: { correct: 0.92, declined: 0.9 }, en: { correct: 0.9, declined: 0.9 } };

// Dialect, chat and near-miss questions written from the source after the paraphrase bank, never trained on.
const DIALECT_GUARD = { ar: { correct: 0.95, declined: 1 }, en: { correct: 0.95, declined: 1 } };

// The decline set's odd half (out-of-scope questions written from the source guide alone; read, like the
// even half, in issue 15's sixth pass): a question or two under the share it declines now.
const DECLINE_CHECK_FLOOR = { ar: 0.95, en: 0.88 };

const knowledgeBase = buildKnowledgeBase();

describe.each(['ar', 'en'] as const)('FAQ accuracy in %s', (language) => {
  test(`dev set: at least ${FLOOR[language].correct * 100}% answered right and ${FLOOR[language].declined * 100}% of unanswerable questions declined`, () => {
    const result = evaluate(knowledgeBase, readDevSet(DEV_SET));
    expect(accuracy(result, language)).toBeGreaterThanOrEqual(FLOOR[language].correct);
    expect(declineRate(result, language)).toBeGreaterThanOrEqual(FLOOR[language].declined);
  });

  test('held-out set: no regression below the guard', () => {
    const result = evaluate(knowledgeBase, readDevSet(HOLDOUT_SET));
    expect(accuracy(result, language)).toBeGreaterThanOrEqual(HOLDOUT_GUARD[language].correct);
    expect(declineRate(result, language)).toBeGreaterThanOrEqual(HOLDOUT_GUARD[language].declined);
  });

  test(`second dev set: at least ${DEV_EXTRA_FLOOR[language].correct * 100}% answered right and ${DEV_EXTRA_FLOOR[language].declined * 100}% of near misses declined`, () => {
    const result = evaluate(knowledgeBase, readDevSet(DEV_EXTRA_SET));
    expect(accuracy(result, language)).toBeGreaterThanOrEqual(DEV_EXTRA_FLOOR[language].correct);
    expect(declineRate(result, language)).toBeGreaterThanOrEqual(DEV_EXTRA_FLOOR[language].declined);
  });

  test(`near-miss set: at least ${NEAR_MISS_FLOOR[language].correct * 100}% answered right and ${NEAR_MISS_FLOOR[language].declined * 100}% of near misses declined`, () => {
    const result = evaluate(knowledgeBase, readDevSet(NEAR_MISS_SET));
    expect(accuracy(result, language)).toBeGreaterThanOrEqual(NEAR_MISS_FLOOR[language].correct);
    expect(declineRate(result, language)).toBeGreaterThanOrEqual(NEAR_MISS_FLOOR[language].declined);
  });

  test('dialect check set: no regression below the guard', () => {
    const result = evaluate(knowledgeBase, readDevSet(DIALECT_CHECK_SET));
    expect(accuracy(result, language)).toBeGreaterThanOrEqual(DIALECT_GUARD[language].correct);
    expect(declineRate(result, language)).toBeGreaterThanOrEqual(DIALECT_GUARD[language].declined);
  });

  test(`decline check (odd half of the decline set): at least ${DECLINE_CHECK_FLOOR[language] * 100}% declined`, () => {
    const result = evaluate(knowledgeBase, halfOf(readDevSet(DECLINE_DEV_SET), 'odd'));
    expect(declineRate(result, language)).toBeGreaterThanOrEqual(DECLINE_CHECK_FLOOR[language]);
  });
});
