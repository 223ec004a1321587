import dotenv from 'dotenv';
import { readConfig } from '../platform/config';
import { loadKnowledgeBase } from '../knowledge/build/loadKnowledgeBase';

/** `npm run kb:build`: rebuilds the knowledge base from knowledge/sources and says what it holds. */
dotenv.config({ quiet: true });
const { DATA_DIR } = readConfig();
const { knowledgeBase } = loadKnowledgeBase(DATA_DIR, { force: true });
const byDocument = new Map<string, number>();
for (const entry of knowledgeBase.entries) byDocument.set(entry.source.documentId, (byDocument.get(entry.source.documentId) ?? 0) + 1);
console.log(`Built ${knowledgeBase.entries.length} entries into ${DATA_DIR}/knowledge-base.json`);
for (const [document, count] of byDocument) console.log(`  ${document}: ${count} entries`);
console.log(`  topics: ${new Set(knowledgeBase.entries.map((e) => e.topic)).size}`);
