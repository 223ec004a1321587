import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildKnowledgeBase } from '../../knowledge/build/buildKnowledgeBase';
import { Language } from '../../knowledge/language';
import { PROJECT_ROOT } from '../../platform/projectFiles';
import { FaqRetriever } from '../../knowledge/retrieval/faqRetriever';
import { BOT, CONNECTIONS, CONVERSATIONS, ECHO_BOT, faqTraffic, LAUNCHES, mean, median, mixed, p99Ratios, ratios, rssMegabytes, Run, saying, SECONDS, startServer, stop, stopAll, summary, summaryLine, takeTurns, Traffic } from './loadServers';
import { faqQuestions, mixedTraffic } from './mixedTraffic';

/**
 * `npm run bench`: turns per second and latency under 50 concurrent connections, spread over many
 * conversations, against a bare botbuilder echo bot measured in the same run; the servers' CPU time
 * per turn; retrieval time per query; start-up time; memory after the run. Each server runs in its own
 * process so the load generator does not share its event loop. Both are compiled by one build
 * (`npm run build`) and run by node, as `npm start` runs the bot.
 *
 * Two kinds of traffic, each conversation in one language as people write:
 * - mixed (reported first): what people send (test/bench/mixedTraffic.ts): the dev and held-out
 *   questions, in and out of scope, fines questions with their dates, tracking, small talk; forms open
 *   and are left as they would be;
 * - FAQ: the dev set's in-scope questions again and again, which after the first round come from the
 *   answer cache (the figure this benchmark reported before mixed traffic existed).
 * The bot runs as configured (its answer cache on), and with FAQ_ANSWER_CACHE=0, so that every
 * question is ranked afresh: the honest case for traffic of many different messages. With
 * BENCH_ISOLATED=1 and Linux's taskset, the bot and the echo bot run once more isolated: each server
 * alone on one CPU and the load generator on another.
 *
 * Every server is launched afresh several times (BENCH_LAUNCHES): one launch of the same code can run
 * a tenth or more faster or slower than the next, as the JIT and the garbage collector happen to settle, so
 * a ratio from one launch can say more about that launch than about the bot. Each launch gives its
 * own ratio, bot and echo bot measured side by side; the median over launches is the figure.
 */
/**
 * Whether the servers and the load generator can each have a CPU of their own: Linux with taskset
 * and at least two CPUs. Elsewhere the isolated runs are skipped.
 */
function canPin(): boolean {
  if (os.cpus().length < 2) return false;
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface Question {
  text: string;
  language: Language;
}

function measureRetrieval(retriever: FaqRetriever, questions: Question[]): { meanMicros: number; p99Micros: number } {
  const times: number[] = [];
  for (let round = 0; round < 20; round++) {
    for (const { text, language } of questions) {
      const t = process.hrtime.bigint();
      retriever.answer(text, language);
      times.push(Number(process.hrtime.bigint() - t) / 1000);
    }
  }
  times.sort((a, b) => a - b);
  return { meanMicros: mean(times), p99Micros: times[Math.floor(times.length * 0.99)] };
}

async function main(): Promise<void> {
  // Questions the router hands to the FAQ: a question that starts a service (fines, tracking) is a form's first step, not a FAQ turn.
  const faq = faqQuestions();
  const byLanguage = Language.options.map((language) => faq[language]);
  const questions: Question[] = Language.options.flatMap((language) => faq[language].map((text) => ({ text, language })));
  const workloads: Record<Workload, Traffic> = { mixed: mixed(mixedTraffic()), faq: faqTraffic(byLanguage) };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tawasul-bench-'));
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: PROJECT_ROOT, stdio: 'inherit' });

  const coldStart = await startServer(BOT, { DATA_DIR: dataDir });
  await stop(coldStart);

  const shared: SharedLaunch[] = [];
  for (let launch = 0; launch < LAUNCHES; launch++) {
    const servers = {
      bot: await startServer(BOT, { DATA_DIR: dataDir }),
      uncached: await startServer(BOT, { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'tawasul-bench-')), FAQ_ANSWER_CACHE: '0' }),
      echo: await startServer(ECHO_BOT),
    };
    const rssAtStart = { bot: rssMegabytes(servers.bot.child.pid!), echo: rssMegabytes(servers.echo.child.pid!) };
    const runs = { mixed: await takeTurns(servers, saying(workloads.mixed)), faq: await takeTurns(servers, saying(workloads.faq)) };
    const rssAfter = { bot: rssMegabytes(servers.bot.child.pid!), echo: rssMegabytes(servers.echo.child.pid!) };
    await Promise.all(Object.values(servers).map(stop));
    shared.push({ runs, startupMs: { bot: servers.bot.startupMs, echo: servers.echo.startupMs }, rssAtStart, rssAfter });
  }

  // Retrieval is timed here, with no server running and before this process is pinned to one CPU.
  const knowledgeBase = buildKnowledgeBase();
  const retrieval = measureRetrieval(new FaqRetriever(knowledgeBase, undefined, { answerCacheSize: 0 }), questions);
  // With a cache, one round first fills it: the timed rounds show questions asked before.
  const cached = new FaqRetriever(knowledgeBase, undefined, { answerCacheSize: 2000 });
  for (const { text, language } of questions) cached.answer(text, language);
  const cachedRetrieval = measureRetrieval(cached, questions);

  // Isolated: the bot with no answer cache and the echo bot again on mixed traffic, each on CPU 0
  // alone, with this process (the load generator) on CPU 1 alone. Above, all three share both CPUs,
  // and a server's garbage collector helpers run beside it on the second CPU as the load generator
  // allows; here each server has exactly one CPU for all its work, so the ratio is one of CPU per turn.
  const isolated: Record<'uncached' | 'echo', Run[]>[] = [];
  if (process.env.BENCH_ISOLATED === '1' && canPin()) {
    execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
    for (let launch = 0; launch < LAUNCHES; launch++) {
      const pinned = { uncached: await startServer(BOT, { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'tawasul-bench-')), FAQ_ANSWER_CACHE: '0' }, 0), echo: await startServer(ECHO_BOT, {}, 0) };
      isolated.push(await takeTurns(pinned, saying(workloads.mixed)));
      await Promise.all(Object.values(pinned).map(stop));
    }
  }

  const report = (workload: Workload, title: string) => {
    const launches = shared.map((l) => l.runs[workload]);
    console.log(title);
    console.log(summaryLine('Tawasul bot', summary(launches.flatMap((l) => l.bot))));
    console.log(summaryLine('Tawasul bot, no answer cache', summary(launches.flatMap((l) => l.uncached))));
    console.log(summaryLine('echo bot', summary(launches.flatMap((l) => l.echo))));
    console.log(`  throughput ratio            : ${ratios(launches, 'bot')} of the echo bot's; ${ratios(launches, 'uncached')} with no answer cache`);
    console.log(`  p99 ratio                   : ${p99Ratios(launches, 'bot')} of the echo bot's; ${p99Ratios(launches, 'uncached')} with no answer cache`);
  };
  const conditions = `${CONNECTIONS} connections over ${CONVERSATIONS} conversations; ${LAUNCHES} launches of each server, ${SECONDS}s × 2 runs per launch`;
  report('mixed', `Mixed traffic (test/bench/mixedTraffic.ts) under ${conditions}:`);
  report('faq', `FAQ questions asked again and again (answer cache warm) under the same load:`);
  if (isolated.length > 0) {
    console.log(`Isolated, mixed traffic, no answer cache (each server alone on CPU 0, the load generator on CPU 1):`);
    console.log(summaryLine('Tawasul bot, no answer cache', summary(isolated.flatMap((l) => l.uncached))));
    console.log(summaryLine('echo bot', summary(isolated.flatMap((l) => l.echo))));
    console.log(`  throughput ratio            : ${ratios(isolated, 'uncached')} of the echo bot's`);
  }
  console.log(`Retrieval per query: mean ${retrieval.meanMicros.toFixed(0)} µs, p99 ${retrieval.p99Micros.toFixed(0)} µs ranked afresh; mean ${cachedRetrieval.meanMicros.toFixed(1)} µs from the answer cache`);
  const startup = (server: 'bot' | 'echo') => median(shared.map((l) => l.startupMs[server])).toFixed(0);
  console.log(`Start-up to /healthz 200: ${coldStart.startupMs.toFixed(0)} ms with a knowledge-base build, ${startup('bot')} ms with it stored (echo bot ${startup('echo')} ms; medians over launches)`);
  const rss = (server: 'bot' | 'echo') => shared.map((l) => `${l.rssAtStart[server].toFixed(0)} → ${l.rssAfter[server].toFixed(0)}`).join(', ');
  console.log(`RSS after start-up → after the runs, per launch: bot ${rss('bot')} MB; echo bot ${rss('echo')} MB`);
}

type Workload = 'mixed' | 'faq';

interface SharedLaunch {
  runs: Record<Workload, Record<'bot' | 'uncached' | 'echo', Run[]>>;
  startupMs: Record<'bot' | 'echo', number>;
  rssAtStart: Record<'bot' | 'echo', number>;
  rssAfter: Record<'bot' | 'echo', number>;
}

// A bench that fails stops its servers, which would otherwise hold the CPUs and ports of the next run.
main().catch(async (error) => {
  console.error(error);
  await stopAll();
  process.exitCode = 1;
});
