/**
 * `npm run eval:answers -- --split tune|test [--mode keyless|claude] [--synonyms file] [--limit n] [--typos | --short-typos] [--details] [--context] [--line-breaks] [--sign-off] [--email] [--chat-speak] [--compound | --compound-lines]`
 *
 * Answer quality on the customer-worded question set of the sample help center
 * (tools/eval/answers/README.md), through the real stack: a private stack (built services,
 * fresh database and Redis prefix, the sample help center ingested) is started, every
 * question is asked in a new chat over socket.io, and the tool prints:
 *
 * - keyless: right article cited first, right article cited at all, wrongly abstained (in
 *   scope, nothing cited), out-of-scope abstained, citation precision (cited articles that
 *   are labelled), time to first token at the client (p50/p95);
 * - claude (`--mode claude`, against the local Messages server of libs/testing, which answers
 *   every request citing [1]): context recall — an in-scope question's labelled article is
 *   among the passages given to Claude — and how many out-of-scope questions reached Claude.
 *
 * No synonym file unless `--synonyms` names one, and chat's general-English synonyms
 * (WordNet) on unless `GENERAL_SYNONYMS=off` is in the environment: the defaults are what is
 * measured.
 * Per-question results go to bench-results/answers-<split>-<mode>-<time>.json.
 * Never tune on `--split test` (see the README of the question set).
 *
 * `--typos`: each question with one typo in its longest word (typos.ts), a probe of typo tolerance.
 * `--short-typos`: each question with one typo that leaves a word four letters long (typos.ts).
 * `--details`: each question with a detail customers add (an amount, a date, a link…: customer-details.ts).
 * `--context`: each question after a sentence customers write first (customer-context.ts); `--line-breaks` the same on lines of their own.
 * `--sign-off`: each question ended with thanks or regards and a name (sign-offs.ts).
 * `--email`: each question written as an e-mail, salutation, sign-off and mail app footer on lines of their own (customer-emails.ts).
 * `--chat-speak`: each question with the short forms customers type ("u", "ur", "acc": chat-speak.ts).
 * `--compound`: each in-scope question joined with another whose articles are disjoint (compound-questions.ts), scored on both;
 * `--compound-lines` the same with the two on two lines.
 */
import {
  askQuestion,
  connectSocket,
  fetchCookie,
  loadQuestionSet,
  promptPassages,
  RATE_LIMITS_OFF,
  REPO_ROOT,
  sampleArticleTitles,
  scoreAnswers,
  startFakeAnthropic,
  startTestStack,
  type AskedAnswer,
  type FakeAnthropic,
  type QuestionSplit,
  type TestStack,
} from '@eloquent/testing';
import { cli, integerOption, type CliOption } from '@eloquent/cli';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { COMPOUND_JOINS, compoundQuestions, LINE_JOINS, scoreCompound } from './compound-questions';
import { REWORDINGS, type Rewording } from './rewordings';
import { injectShortTypo, injectTypo, TYPO_KINDS } from './typos';

type Mode = 'keyless' | 'claude';
/** Which typos the questions are asked with (typos.ts), if any. */
type Typos = 'none' | 'long' | 'short';
const TYPO_SUFFIX: Record<Typos, string> = { none: '', long: ' with typos', short: ' with short-word typos' };
const TYPO_FILE_PART: Record<Typos, string> = { none: '', long: '-typos', short: '-short-typos' };

function parseOptions(): {
  split: QuestionSplit;
  mode: Mode;
  synonyms?: string;
  limit?: number;
  typos: Typos;
  compound: boolean;
  compoundLines: boolean;
} & Record<Rewording['key'], boolean> {
  const { values } = cli({
    usage: 'npm run eval:answers -- --split tune|test [options]',
    description:
      'Answer quality on the customer-worded question set of the sample help center (tools/eval/answers/README.md), ' +
      'through a private stack started for the run. Per-question results: bench-results/answers-<split>-<mode>-<time>.json. ' +
      'Never tune on --split test.',
    options: {
      split: { type: 'string', description: 'the half of the question set to ask: tune or test (required)', hint: 'tune|test' },
      mode: { type: 'string', description: 'keyless, or claude (against the local Messages server of libs/testing)', default: 'keyless', hint: 'mode' },
      synonyms: { type: 'string', description: 'a synonym file for the stack (default: none)', hint: 'file' },
      limit: { type: 'string', description: 'ask only the first n questions', hint: 'n' },
      typos: { type: 'boolean', description: 'put one typo in the longest word of each question (typos.ts)' },
      'short-typos': { type: 'boolean', description: 'put one typo in each question that leaves a word four letters long (typos.ts)' },
      ...Object.fromEntries(REWORDINGS.map((r): [string, CliOption] => [r.flag, { type: 'boolean', description: r.description }])),
      compound: {
        type: 'boolean',
        description: 'join each in-scope question with another whose articles are disjoint, and score both (compound-questions.ts)',
      },
      'compound-lines': {
        type: 'boolean',
        description: 'as --compound, with the two questions on two lines and no question mark between them',
      },
    },
  });
  if (values.split !== 'tune' && values.split !== 'test') throw new Error('--split must be tune or test');
  if (values.mode !== 'keyless' && values.mode !== 'claude') throw new Error('--mode must be keyless or claude');
  if (values.typos && values['short-typos']) throw new Error('--typos and --short-typos are exclusive');
  const limit = values.limit === undefined ? undefined : integerOption('limit', values.limit, 1);
  return {
    split: values.split,
    mode: values.mode,
    typos: values.typos ? 'long' : values['short-typos'] ? 'short' : 'none',
    ...(Object.fromEntries(REWORDINGS.map((r) => [r.key, (values as Record<string, unknown>)[r.flag] === true])) as Record<Rewording['key'], boolean>),
    compound: values.compound || values['compound-lines'],
    compoundLines: values['compound-lines'],
    ...(values.synonyms ? { synonyms: resolve(values.synonyms) } : {}),
    ...(limit ? { limit } : {}),
  };
}

/** `--compound` or `--compound-lines`: how the two questions are joined, and how the report and the file name say so. */
function compoundJoining(options: { compound: boolean; compoundLines: boolean }): { joins: readonly string[]; label: string; filePart: string } | undefined {
  if (!options.compound) return undefined;
  return options.compoundLines
    ? { joins: LINE_JOINS, label: ', two questions on two lines', filePart: '-compound-lines' }
    : { joins: COMPOUND_JOINS, label: ', two questions joined', filePart: '-compound' };
}

/** The rewordings asked for, in the order they apply. */
function chosen(options: Record<Rewording['key'], boolean>): Rewording[] {
  return REWORDINGS.filter((r) => options[r.key]);
}

async function main(): Promise<void> {
  const options = parseOptions();
  const set = loadQuestionSet(options.split);
  const joining = compoundJoining(options);
  const compound = joining ? compoundQuestions(set, joining.joins) : [];
  const questions = (options.compound ? compound : set)
    .slice(0, options.limit)
    .map((q, i) => {
      const kind = TYPO_KINDS[i % TYPO_KINDS.length];
      if (options.typos === 'long') return { ...q, question: injectTypo(q.question, kind) };
      return options.typos === 'short' ? { ...q, question: injectShortTypo(q.question, kind) } : q;
    })
    .map((q, i) => ({ ...q, question: chosen(options).reduce((question, r) => r.reword(question, i), q.question) }));
  const titles = sampleArticleTitles();
  /** Articles of the passages Claude was given, by question. */
  const passages = new Map<string, string[]>();
  let fake: FakeAnthropic | undefined;
  if (options.mode === 'claude') {
    fake = await startFakeAnthropic((request) => {
      const last = request.body.messages[request.body.messages.length - 1];
      const prompt = typeof last?.content === 'string' ? last.content : JSON.stringify(last?.content ?? '');
      const seen = promptPassages(prompt, titles);
      passages.set(seen.question, seen.articles);
      return { kind: 'text', text: 'Here is what the help center says about it [1].' };
    });
  }
  let stack: TestStack | undefined;
  try {
    // General-English synonyms (chat's GENERAL_SYNONYMS) are on by default; `GENERAL_SYNONYMS=off` measures without them.
    const generalSynonyms = process.env.GENERAL_SYNONYMS ?? 'wordnet';
    // Retrieval's spelling correction is on by default; `SPELLING_CORRECTION=off` measures without it.
    const spelling = process.env.SPELLING_CORRECTION ?? 'on';
    console.log(
      `starting a private stack (${options.mode}, synonyms file ${options.synonyms ?? 'none'}, general synonyms ${generalSynonyms}, spelling correction ${spelling})…`,
    );
    stack = await startTestStack(
      'evalanswers',
      {
        ...RATE_LIMITS_OFF,
        LOG_LEVEL: 'warn',
        SYNONYMS_FILE: options.synonyms ?? '',
        GENERAL_SYNONYMS: generalSynonyms,
        SPELLING_CORRECTION: spelling,
        ...(fake ? { ANTHROPIC_API_KEY: 'eval-key', ANTHROPIC_BASE_URL: fake.url } : {}),
      },
      // The machine may be busy; the figures do not depend on how long the start took.
      { readyTimeoutMs: 300_000 },
    );
    const socket = await connectSocket(stack.gatewayUrl, await fetchCookie(`${stack.gatewayUrl}/health`));
    const answers: AskedAnswer[] = [];
    try {
      for (const question of questions) answers.push(await askQuestion(socket, question));
    } finally {
      socket.close();
    }
    report(options, answers, fake ? passages : undefined, compound);
  } finally {
    await stack?.stop();
    await fake?.close();
  }
}

function report(
  options: { split: QuestionSplit; mode: Mode; typos: Typos; compound: boolean; compoundLines: boolean } & Record<Rewording['key'], boolean>,
  answers: AskedAnswer[],
  passages?: Map<string, string[]>,
  compound: ReturnType<typeof compoundQuestions> = [],
): void {
  const scores = scoreAnswers(answers);
  const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
  const lines = [
    `${options.split} half${TYPO_SUFFIX[options.typos]}${chosen(options)
      .map((r) => r.label)
      .join(
        '',
      )}${compoundJoining(options)?.label ?? ''}, ${options.mode}: ${scores.inScope} in scope, ${scores.outOfScope} out of scope, ${scores.errors} errors`,
    `  right article cited first   ${pct(scores.rightFirst)}`,
    `  right article cited at all  ${pct(scores.rightAtAll)}`,
    `  wrongly abstained           ${pct(scores.wronglyAbstained)}`,
    `  out-of-scope abstained      ${pct(scores.outOfScopeAbstained)}`,
    `  citation precision          ${pct(scores.citationPrecision)}`,
    `  abstained, right suggested  ${pct(scores.abstainedRightSuggested)} (in scope and abstained: a labelled article among the suggested ones)`,
    `  out of scope, suggested     ${pct(scores.outOfScopeSuggested)} (out of scope: articles suggested with the abstention)`,
    `  time to first token         p50 ${scores.firstTokenMs.p50.toFixed(0)} ms, p95 ${scores.firstTokenMs.p95.toFixed(0)} ms (client side; shared machine)`,
  ];
  const compoundParts = new Map(compound.map((q) => [q.question, q.parts]));
  const compoundScores = options.compound ? scoreCompound(answers, compoundParts) : undefined;
  if (compoundScores)
    lines.push(
      `  both questions cited        ${pct(compoundScores.bothCited)} (a labelled article of each of the two)`,
      `  one question at least       ${pct(compoundScores.oneCited)} (first ${pct(compoundScores.firstCited)}, second ${pct(compoundScores.secondCited)})`,
      `  abstained                   ${pct(compoundScores.abstained)}`,
    );
  let contextRecall: number | undefined;
  let outOfScopeToClaude: number | undefined;
  if (passages) {
    const inScope = answers.filter((a) => a.question.articles.length > 0);
    const outOfScope = answers.filter((a) => a.question.articles.length === 0);
    contextRecall =
      inScope.filter((a) => (passages.get(a.question.question) ?? []).some((article) => a.question.articles.includes(article))).length / inScope.length;
    outOfScopeToClaude = outOfScope.filter((a) => passages.has(a.question.question)).length / Math.max(1, outOfScope.length);
    lines.push(
      `  context recall              ${pct(contextRecall)} (a labelled article among the passages given to Claude)`,
      `  out of scope sent to Claude ${pct(outOfScopeToClaude)} (the rest removed as clear noise before Claude)`,
      ...(options.compound
        ? [
            `  both in the passages        ${pct(
              scoreCompound(
                answers.map((a) => ({ ...a, cited: passages.get(a.question.question) ?? [] })),
                compoundParts,
              ).bothCited,
            )} (a labelled article of each of the two questions)`,
          ]
        : []),
      `  (with Claude the answer rates above reflect the local server, which cites [1] whenever it is called)`,
    );
  }
  console.log(lines.join('\n'));
  const dir = join(REPO_ROOT, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = join(
    dir,
    `answers-${options.split}${TYPO_FILE_PART[options.typos]}${chosen(options)
      .map((r) => r.filePart)
      .join('')}${compoundJoining(options)?.filePart ?? ''}-${options.mode}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  );
  const perQuestion = answers.map((a) => ({
    id: a.question.id,
    question: a.question.question,
    labelled: a.question.articles,
    cited: a.cited,
    abstained: a.abstained,
    ...(a.suggested.length > 0 ? { suggested: a.suggested } : {}),
    firstTokenMs: a.firstTokenMs === undefined ? null : Math.round(a.firstTokenMs),
    ...(a.error ? { error: a.error } : {}),
    ...(passages ? { passages: passages.get(a.question.question) ?? [] } : {}),
    text: a.text,
  }));
  writeFileSync(file, JSON.stringify({ ...options, scores, compoundScores, contextRecall, outOfScopeToClaude, answers: perQuestion }, null, 2));
  console.log(`per-question results: ${file}`);
}

main().catch((error: unknown) => {
  console.error(`eval:answers failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
