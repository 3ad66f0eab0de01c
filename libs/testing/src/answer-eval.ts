import { SocketEvents, type ChatSendAck, type DoneEvent, type ErrorEvent, type SourcesEvent, type TokenEvent } from '@eloquent/contracts';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { REPO_ROOT } from './test-stack';

/**
 * The customer-worded question set of the sample help center (tools/eval/answers/README.md)
 * and how answers to it are scored: shared by `npm run eval:answers` and the integration
 * test that runs a slice of the test half.
 */
export interface LabelledQuestion {
  id: string;
  question: string;
  /** File names (no `.md`) of the articles that answer it, best first; empty = not covered. */
  articles: string[];
}

export type QuestionSplit = 'tune' | 'test';

export function loadQuestionSet(split: QuestionSplit): LabelledQuestion[] {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'tools/eval/answers', `${split}.json`), 'utf8')) as LabelledQuestion[];
}

/** One answer as the client saw it. */
export interface AskedAnswer {
  question: LabelledQuestion;
  /** Article slugs of the cited sources, in citation order, each once. */
  cited: string[];
  /** No source cited: the answer said the help center does not cover it. */
  abstained: boolean;
  /** Article slugs the abstention offered (`chat:done.suggestedArticles`), best first. */
  suggested: string[];
  /** `chat:send` → first `chat:token` at the client. */
  firstTokenMs?: number;
  mode?: string;
  error?: string;
  text: string;
}

/** Article slug of a cited source: the last path segment of its URL (the sample's URLs end in the file name). */
export function articleOf(source: { url?: string; title: string }): string {
  return source.url ? (source.url.split('/').pop() ?? source.url) : source.title;
}

/** Asks one question in a new chat and waits for its answer to end. */
export function askQuestion(socket: Socket, question: LabelledQuestion, timeoutMs = 30_000): Promise<AskedAnswer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let messageId: string | undefined;
    const pending: Array<{ messageId: string; apply: () => void }> = [];
    const answer: AskedAnswer = { question, cited: [], abstained: true, suggested: [], text: '' };
    let ended = false;
    const cleanup = () => {
      clearTimeout(timer);
      socket.off(SocketEvents.token, onToken).off(SocketEvents.sources, onSources).off(SocketEvents.done, onDone).off(SocketEvents.error, onError);
    };
    const finish = () => {
      if (ended) return;
      ended = true;
      cleanup();
      answer.abstained = answer.cited.length === 0;
      resolve(answer);
    };
    // Events can arrive before the acknowledgement names the message: kept until then.
    const handle = (id: string, apply: () => void) => {
      if (messageId === undefined) pending.push({ messageId: id, apply });
      else if (id === messageId) apply();
    };
    const onToken = (event: TokenEvent) =>
      handle(event.messageId, () => {
        answer.firstTokenMs ??= performance.now() - started;
        answer.text += event.text;
      });
    const onSources = (event: SourcesEvent) =>
      handle(event.messageId, () => {
        answer.cited = [...new Set(event.sources.map(articleOf))];
      });
    const onDone = (event: DoneEvent) =>
      handle(event.messageId, () => {
        answer.mode = event.mode;
        answer.suggested = (event.suggestedArticles ?? []).map(articleOf);
        finish();
      });
    const onError = (event: ErrorEvent) =>
      handle(event.messageId ?? '', () => {
        answer.error = event.code;
        finish();
      });
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no answer to ${JSON.stringify(question.question)} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on(SocketEvents.token, onToken).on(SocketEvents.sources, onSources).on(SocketEvents.done, onDone).on(SocketEvents.error, onError);
    socket.emit(SocketEvents.send, { content: question.question }, (ack: ChatSendAck) => {
      if ('error' in ack) {
        answer.error = ack.error.code;
        finish();
        return;
      }
      messageId = ack.messageId;
      for (const event of pending.splice(0)) if (event.messageId === messageId) event.apply();
    });
  });
}

export interface AnswerScores {
  inScope: number;
  outOfScope: number;
  /** In scope, the first cited article is labelled. */
  rightFirst: number;
  /** In scope, a labelled article is cited. */
  rightAtAll: number;
  /** In scope, nothing cited. */
  wronglyAbstained: number;
  /** Out of scope, nothing cited. */
  outOfScopeAbstained: number;
  /** Of the articles cited in in-scope answers (each once per answer), the share that are labelled. */
  citationPrecision: number;
  /** In scope and abstained: the abstention offered a labelled article (docs/chat.md, "Suggested articles"). */
  abstainedRightSuggested: number;
  /** Out of scope: the answer offered articles. */
  outOfScopeSuggested: number;
  errors: number;
  firstTokenMs: { p50: number; p95: number };
}

/** Rates over the question set (shares, 0–1). */
export function scoreAnswers(answers: readonly AskedAnswer[]): AnswerScores {
  const inScope = answers.filter((a) => a.question.articles.length > 0);
  const outOfScope = answers.filter((a) => a.question.articles.length === 0);
  const share = (count: number, of: number) => (of === 0 ? 0 : count / of);
  const labelled = (a: AskedAnswer, article: string | undefined) => article !== undefined && a.question.articles.includes(article);
  const cited = inScope.flatMap((a) => a.cited.map((article) => labelled(a, article)));
  const abstainedInScope = inScope.filter((a) => a.abstained);
  const times = answers.flatMap((a) => (a.firstTokenMs === undefined ? [] : [a.firstTokenMs]));
  return {
    inScope: inScope.length,
    outOfScope: outOfScope.length,
    rightFirst: share(inScope.filter((a) => labelled(a, a.cited[0])).length, inScope.length),
    rightAtAll: share(inScope.filter((a) => a.cited.some((article) => labelled(a, article))).length, inScope.length),
    wronglyAbstained: share(abstainedInScope.length, inScope.length),
    outOfScopeAbstained: share(outOfScope.filter((a) => a.abstained).length, outOfScope.length),
    citationPrecision: share(cited.filter(Boolean).length, cited.length),
    abstainedRightSuggested: share(abstainedInScope.filter((a) => a.suggested.some((article) => labelled(a, article))).length, abstainedInScope.length),
    outOfScopeSuggested: share(outOfScope.filter((a) => a.suggested.length > 0).length, outOfScope.length),
    errors: answers.filter((a) => a.error !== undefined).length,
    firstTokenMs: { p50: percentile(times, 50), p95: percentile(times, 95) },
  };
}

/** Article slug by article title, for reading the passages a prompt carried (titles are unique in the sample). */
export function sampleArticleTitles(): Map<string, string> {
  const dir = join(REPO_ROOT, 'knowledge-base/help-center');
  const titles = new Map<string, string>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.md'))) {
    const title = /^title:\s*(.+)$/m.exec(readFileSync(join(dir, file), 'utf8'))?.[1]?.trim();
    if (title) titles.set(title, file.slice(0, -3));
  }
  return titles;
}

/**
 * The articles of the passages in a Claude request's last user turn
 * (`<source n="1" title="Article > Section">`), and the question it asks.
 */
export function promptPassages(prompt: string, titles: ReadonlyMap<string, string>): { question: string; articles: string[] } {
  const question = /\nQuestion: ([\s\S]*)$/.exec(prompt)?.[1]?.trim() ?? '';
  const articles = new Set<string>();
  for (const match of prompt.matchAll(/<source n="\d+" title="([^"]*)">/g)) {
    const where = match[1]
      .replace(/&lt;/g, '<')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    for (const [title, slug] of titles) if (where === title || where.startsWith(`${title} > `)) articles.add(slug);
  }
  return { question, articles: [...articles] };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
