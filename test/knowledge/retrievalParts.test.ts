import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { buildKnowledgeBase } from '../../knowledge/build/buildKnowledgeBase';
import { FaqRetriever } from '../../knowledge/retrieval/faqRetriever';
import { DevQuestion } from '../eval/faqEvaluation';

/**
 * The accuracy floors are shares: a part of retrieval can be switched off and the rest still clears
 * them. Each question here needs one part (the section's own text, English word forms, typo
 * correction, the English synonyms, the Arabic stopwords), so switching that part off fails its
 * questions by name; `npm run mutants` switches each off in turn.
 */
/** An answerable question of the dev set's form: the Arabic headings of the sections that answer it. */
const PartQuestion = DevQuestion.extend({ expect: z.array(z.string()).min(1) });
type PartQuestion = z.infer<typeof PartQuestion>;
const PartQuestions = z.object({
  sectionText: z.array(PartQuestion).min(1),
  englishWordForms: z.array(PartQuestion).min(1),
  typoCorrection: z.array(PartQuestion).min(1),
  englishSynonyms: z.array(PartQuestion).min(1),
  arabicStopwords: z.array(PartQuestion).min(1),
});
const parts = PartQuestions.parse(JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'faq-retrieval-parts.json'), 'utf8')));

const knowledgeBase = buildKnowledgeBase();
const retriever = new FaqRetriever(knowledgeBase, undefined, { answerCacheSize: 0 });
const headingOfTopic = (topic: string) => knowledgeBase.entries.find((e) => e.topic === topic && e.language === 'ar')!.source.section;
/** A section as its topic's first heading: the document repeats some questions in its FAQ part, one answer under two headings. */
const asAnswered = (heading: string) => headingOfTopic(knowledgeBase.entries.find((e) => e.source.section === heading)!.topic);

/** What the person gets: the section answered (by its Arabic heading, as the fixture names it), a "did you mean", or nothing. */
function replyTo({ q, lang }: PartQuestion): string {
  const result = retriever.answer(q, lang);
  if (result.kind === 'answer') return headingOfTopic(result.entry.topic);
  if (result.kind === 'clarify') return `did you mean: ${result.candidates.map((c) => headingOfTopic(c.topic)).join(' | ')}`;
  return 'declined';
}

const PART_NAMES: Record<keyof typeof parts, string> = {
  sectionText: "the section's own text",
  englishWordForms: 'English word forms (stemming)',
  typoCorrection: 'typo correction',
  englishSynonyms: 'the English synonyms',
  arabicStopwords: 'the Arabic stopwords',
};

describe.each(Object.entries(parts).map(([part, questions]) => [PART_NAMES[part as keyof typeof parts], questions] as const))('questions that need %s', (_part, questions) => {
  test.each(questions.map((question) => [question.q, question] as const))('%s', (_q, question) => {
    expect(question.expect.map(asAnswered)).toContain(replyTo(question));
  });
});
