import { buildKnowledgeBase } from '../../knowledge/build/buildKnowledgeBase';
import { FaqRetriever } from '../../knowledge/retrieval/faqRetriever';
import { DEV_SET, HOLDOUT_SET, readDevSet } from '../eval/faqEvaluation';

/**
 * `npx tsx test/bench/faqRankingSpeed.ts`: how long ranking a question the answer cache has not
 * seen takes, on average and at the 99th percentile, over the dev and held-out questions (the
 * cache is off, so every question is analysed, corrected, scored by BM25 and by the paraphrase
 * ranker, and decided). Also how long building the retriever takes, ranker training included.
 */
const knowledgeBase = buildKnowledgeBase();
let started = performance.now();
const retriever = new FaqRetriever(knowledgeBase, undefined, { answerCacheSize: 0 });
const buildMs = performance.now() - started;
const questions = [...readDevSet(DEV_SET), ...readDevSet(HOLDOUT_SET)];
// Warm up: the JIT, and the typo-correction cache, as a running service has them.
for (const q of questions) retriever.answer(q.q, q.lang);
const ROUNDS = 20;
const times: number[] = [];
// CPU time as well as wall time: on a loaded machine wall time mostly measures the other processes.
const cpuBefore = process.cpuUsage();
for (let round = 0; round < ROUNDS; round++) {
  for (const q of questions) {
    started = performance.now();
    retriever.answer(q.q, q.lang);
    times.push(performance.now() - started);
  }
}
const cpu = process.cpuUsage(cpuBefore);
const cpuMeanUs = (cpu.user + cpu.system) / times.length;
times.sort((a, b) => a - b);
const mean = times.reduce((a, b) => a + b, 0) / times.length;
const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
console.log(`retriever built (ranker trained) in ${buildMs.toFixed(0)} ms`);
console.log(`${questions.length} questions × ${ROUNDS}, no answer cache: CPU time ${cpuMeanUs.toFixed(0)} µs a question (garbage collection included); wall time mean ${(mean * 1000).toFixed(0)} µs, p50 ${(at(0.5) * 1000).toFixed(0)} µs, p99 ${(at(0.99) * 1000).toFixed(0)} µs, max ${(times.at(-1)! * 1000).toFixed(0)} µs`);
