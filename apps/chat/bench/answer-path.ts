/**
 * `npm run bench:answer-path -- [--rounds 40] [--warm-up 5] [--responses file]`: chat's own JavaScript for one
 * keyless answer, in one process (docs/performance.md §5–6): the relevance measure, the
 * article choice, the coverage decision, packing, the extractive answer streamed through the
 * citation filter, and the citation list — everything `chat.send` computes between the search
 * reply and the answer stream, without the bus, Redis or Postgres around it.
 *
 * The questions are `bench:chat`'s eight, their heuristic follow-ups, and the tuning half of
 * the customer-worded set (tools/eval/answers; never its test half). Their search responses are
 * taken once from a private stack (the sample help center, retrieval as built) — or read from
 * `--responses` when that file exists, and written there when it does not, so that two builds
 * compared get the same inputs (chunk ids are new with every stack) — then every
 * round parses each response again (new objects, as every answer gets; not timed) and runs the
 * path on it with the analysis memos warm, as in a running service. Prints the µs per answer
 * of each step (wall time of one thread; median over the rounds), the process's CPU time per
 * answer over the same work (median over the rounds: what to compare on a busy machine, where
 * wall time includes waiting for a core) and a digest of every output — verdicts and
 * evidence, packed sources and their coverage, answer text, citations — which must not change
 * with a change that only makes the path cheaper.
 */
import { BusClient } from '@eloquent/bus';
import { cli, integerOption } from '@eloquent/cli';
import { Patterns, type SearchResponse } from '@eloquent/contracts';
import { BENCH_FOLLOW_UP, BENCH_QUESTIONS, loadQuestionSet, REPO_ROOT, startTestStack } from '@eloquent/testing';
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { packContext, packingOptions } from '../src/answers/context-packer';
import { ChatConfigSchema } from '../src/config';
import { rankByArticle } from '../src/article-ranking/article-ranking';
import { CitationFilter } from '../src/citations/citation-filter';
import { citationsFor } from '../src/citations/citations';
import { answers, decideCoverage } from '../src/coverage-decision/coverage-decision';
import type { GenerationInput } from '../src/generation/answer-generator';
import { buildAbstentionText } from '../src/generation/extractive/abstention';
import { ExtractiveAnswerGenerator, RETRIEVAL_ONLY_NOTICES } from '../src/generation/extractive/extractive-answer-generator';
import { expandFollowUp } from '../src/generation/follow-up/follow-up';
import { QueryRelevance, spellingCorrections } from '../src/relevance/query-relevance';
import { Synonyms } from '../src/relevance/synonyms';
import { WordNet } from '../src/relevance/wordnet';

/** Chat's defaults (apps/chat/src/config.ts). */
/** Chat's defaults, as a deployment without those settings runs (the bench connects to neither URL). */
const CONFIG = ChatConfigSchema.parse({ DATABASE_URL: 'postgres://unused@127.0.0.1/unused', REDIS_URL: 'redis://127.0.0.1:6379' });
const CANDIDATES = CONFIG.RETRIEVAL_CANDIDATES;
const PACKING = packingOptions(CONFIG);
const STEPS = ['relevance', 'articles', 'coverage', 'packing', 'answer', 'citations'] as const;
type Step = (typeof STEPS)[number];

const ARGS = cli({
  usage: 'npm run bench:answer-path -- [options]',
  description:
    "Chat's own JavaScript for one keyless answer, in one process (relevance, article choice, coverage, packing, extractive answer, citations): µs per answer of each step, CPU per answer, and a digest of every output.",
  options: {
    rounds: { type: 'string', description: 'measured rounds over every question', default: '40', hint: 'n' },
    'warm-up': { type: 'string', description: 'unmeasured rounds first', default: '5', hint: 'n' },
    responses: {
      type: 'string',
      description: 'read the search responses from this file when it exists, else take them from a private stack and write them there',
      hint: 'file',
    },
  },
}).values;

/** The search responses, as JSON text (each round parses them again). */
async function searchResponses(queries: string[]): Promise<string[]> {
  const stack = await startTestStack('benchanswerpath', { LOG_LEVEL: 'warn' });
  try {
    const bus = new BusClient({ redisUrl: stack.env.REDIS_URL!, prefix: stack.prefix, name: 'bench-answer-path', defaultTimeoutMs: 30_000 });
    try {
      const texts: string[] = [];
      for (const query of queries) texts.push(JSON.stringify(await bus.request(Patterns.retrievalSearch, { query, topK: CANDIDATES })));
      return texts;
    } finally {
      await bus.close();
    }
  } finally {
    await stack.stop();
  }
}

/** One answer's path, as AnswerContextBuilder.build and AnswerService.stream run it; returns its outputs. */
async function answerOnce(query: string, found: SearchResponse, synonyms: Synonyms, spent: Record<Step, number>): Promise<unknown> {
  let at = performance.now();
  const lap = (step: Step) => {
    const now = performance.now();
    spent[step] += now - at;
    at = now;
  };
  const relevance = QueryRelevance.fromCandidates(query, found.chunks, synonyms.forQuestion(query), spellingCorrections(found.queryTerms));
  lap('relevance');
  const hits = rankByArticle(found.chunks, relevance);
  lap('articles');
  const coverage = decideCoverage({ hits, queryTerms: found.queryTerms, indexedChunks: found.indexedChunks, relevance });
  lap('coverage');
  const sources = packContext(coverage.verdict === 'off-topic' ? [] : hits, relevance, PACKING);
  lap('packing');
  const input: GenerationInput = { question: query, searchQuery: query, sources, candidates: hits, history: [], relevance, coverage };
  const filter = new CitationFilter(new Set(sources.map((s) => s.n)));
  let text = '';
  if (answers(coverage, 'retrieval-only')) {
    for await (const piece of new ExtractiveAnswerGenerator(buildAbstentionText(), RETRIEVAL_ONLY_NOTICES.keyless).generate(
      input,
      new AbortController().signal,
    ))
      text += filter.push(piece);
    text += filter.end();
  }
  lap('answer');
  const citations = citationsFor(filter.cited, sources);
  lap('citations');
  return { query, coverage, sources: sources.map(({ n, chunkId, coverage }) => [n, chunkId, coverage]), text, citations };
}

async function main(): Promise<void> {
  const rounds = integerOption('rounds', ARGS.rounds, 0);
  const warmUp = integerOption('warm-up', ARGS['warm-up'], 0);
  const queries = [
    ...BENCH_QUESTIONS,
    ...BENCH_QUESTIONS.map((q) => expandFollowUp(BENCH_FOLLOW_UP, [{ role: 'user', content: q }])),
    ...loadQuestionSet('tune').map((q) => q.question),
  ];
  const file = ARGS.responses;
  const saved = file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { queries: string[]; responses: string[] }) : undefined;
  if (saved && saved.queries.join('\n') !== queries.join('\n')) throw new Error(`${file} holds the responses of other questions`);
  const responses = saved?.responses ?? (await searchResponses(queries));
  if (file && !saved) writeFileSync(resolve(file), JSON.stringify({ queries, responses }));
  // As the test stack (and bench:chat) configure chat: the sample synonyms and WordNet.
  const synonyms = Synonyms.load(join(REPO_ROOT, 'knowledge-base/synonyms.txt')).withLexicon(WordNet.load());
  const perRound: Array<Record<Step, number>> = [];
  /** CPU ms of the process over each round's answers (robust to waiting for a core, unlike the steps' wall times). */
  const cpuPerRound: number[] = [];
  let digest = '';
  for (let round = 0; round < warmUp + rounds; round++) {
    const spent = Object.fromEntries(STEPS.map((step) => [step, 0])) as Record<Step, number>;
    const hash = createHash('sha256');
    const outputs: unknown[] = [];
    const parsed = responses.map((response) => JSON.parse(response) as SearchResponse);
    const cpu = process.cpuUsage();
    for (let i = 0; i < queries.length; i++) outputs.push(await answerOnce(queries[i], parsed[i], synonyms, spent));
    const used = process.cpuUsage(cpu);
    cpuPerRound.push((used.user + used.system) / 1000);
    for (const output of outputs) hash.update(JSON.stringify(output));
    const roundDigest = hash.digest('hex').slice(0, 16);
    if (digest && roundDigest !== digest) throw new Error(`round ${round}: outputs differ from the first round's`);
    digest = roundDigest;
    if (round >= warmUp) perRound.push(spent);
    else cpuPerRound.pop();
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const perAnswer = Object.fromEntries(STEPS.map((step) => [step, (median(perRound.map((r) => r[step])) / queries.length) * 1000]));
  const total = median(perRound.map((r) => STEPS.reduce((sum, step) => sum + r[step], 0))) / queries.length;
  console.log(`${queries.length} answers × ${rounds} rounds (${warmUp} warm-up), load ${loadavg()[0].toFixed(2)}`);
  for (const step of STEPS) console.log(`  ${step.padEnd(10)} ${perAnswer[step].toFixed(1).padStart(7)} µs/answer`);
  console.log(`  ${'total'.padEnd(10)} ${(total * 1000).toFixed(1).padStart(7)} µs/answer (median of the rounds' totals)`);
  console.log(`  ${'CPU'.padEnd(10)} ${((median(cpuPerRound) / queries.length) * 1000).toFixed(1).padStart(7)} µs/answer (process CPU, median of the rounds)`);
  console.log(`outputs digest ${digest}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
