import { buildKnowledgeBase } from '../../knowledge/build/buildKnowledgeBase';
import { ParaphraseRanker, OUT_OF_SCOPE } from '../../knowledge/retrieval/paraphraseRanker';
import { FaqRetriever } from '../../knowledge/retrieval/faqRetriever';
import { analyze } from '../../knowledge/text/analyzer';
import { readDevSet, DEV_SET, HOLDOUT_SET } from '../../test/eval/faqEvaluation';
const kb = buildKnowledgeBase();
let t = Date.now();
const r = new ParaphraseRanker(kb);
console.log('train ms', Date.now() - t);
const ret = new FaqRetriever(kb, undefined, { answerCacheSize: 0 });
const topicOf = (h: string) => kb.entries.find((e) => e.source.section === h)!.topic;
for (const [name, file] of [['dev', DEV_SET], ['holdout', HOLDOUT_SET]] as const) {
  const set = readDevSet(file);
  const stats: Record<string, number> = {};
  const inc = (k: string) => (stats[k] = (stats[k] ?? 0) + 1);
  for (const q of set) {
    const p = [...r.probabilities(analyze(q.q))].sort((a, b) => b[1] - a[1]);
    const bm = ret.rank(q.q)[0]?.topic;
    if (q.expect === null) { inc(`${q.lang} oos`); if (p[0][0] === OUT_OF_SCOPE) inc(`${q.lang} oos-clf-declined`); continue; }
    const exp = new Set(q.expect.map(topicOf));
    inc(`${q.lang} ans`);
    if (exp.has(p[0][0])) inc(`${q.lang} clf-top1`);
    if (bm && exp.has(bm)) inc(`${q.lang} bm25-top1`);
  }
  console.log(name, stats);
}
