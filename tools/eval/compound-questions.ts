import type { AskedAnswer, LabelledQuestion } from '@eloquent/testing';

/**
 * Two questions in one message (`npm run eval:answers -- --compound`): each in-scope question
 * joined with the next in-scope question (in the set's order, wrapping) whose labelled
 * articles it shares none of, the way customers join them, in turn by position. A probe of
 * whether the answer covers both, with nothing chosen by hand.
 */
export const COMPOUND_JOINS: readonly string[] = [' and also ', '? Also, ', ', and '];

/** `--compound-lines`: the two questions on two lines, as customers who press Enter write them. */
export const LINE_JOINS: readonly string[] = ['\n'];

export interface CompoundQuestion extends LabelledQuestion {
  /** The labelled articles of each of the two questions (`articles` is their union). */
  parts: [string[], string[]];
}

/** The set's in-scope questions, each joined with its partner; out-of-scope ones are left out. */
export function compoundQuestions(questions: readonly LabelledQuestion[], joins: readonly string[] = COMPOUND_JOINS): CompoundQuestion[] {
  const inScope = questions.filter((q) => q.articles.length > 0);
  return inScope.flatMap((first, i) => {
    const partner = [...inScope.slice(i + 1), ...inScope.slice(0, i)].find((q) => q.articles.every((article) => !first.articles.includes(article)));
    if (!partner) return [];
    return [
      {
        id: `${first.id}+${partner.id}`,
        question: joinQuestions(first.question, partner.question, i, joins),
        articles: [...first.articles, ...partner.articles],
        parts: [first.articles, partner.articles],
      },
    ];
  });
}

/** `first` and `second` joined as the position picks; the first's trailing "?" gives way to the join. */
export function joinQuestions(first: string, second: string, position: number, joins: readonly string[] = COMPOUND_JOINS): string {
  const join = joins[position % joins.length];
  return `${first.replace(/\s*\?+\s*$/, '')}${join}${second}`;
}

export interface CompoundScores {
  asked: number;
  /** A labelled article of each of the two questions is cited. */
  bothCited: number;
  /** A labelled article of at least one of them is cited. */
  oneCited: number;
  /** A labelled article of the first question is cited. */
  firstCited: number;
  /** A labelled article of the second question is cited. */
  secondCited: number;
  /** Nothing cited. */
  abstained: number;
}

/** Rates over the compound questions (shares, 0–1); `parts` by question text. */
export function scoreCompound(answers: readonly AskedAnswer[], parts: ReadonlyMap<string, [string[], string[]]>): CompoundScores {
  const share = (count: number) => (answers.length === 0 ? 0 : count / answers.length);
  const cites = (answer: AskedAnswer, labels: string[]) => answer.cited.some((article) => labels.includes(article));
  const first = answers.map((a) => cites(a, parts.get(a.question.question)?.[0] ?? []));
  const second = answers.map((a) => cites(a, parts.get(a.question.question)?.[1] ?? []));
  return {
    asked: answers.length,
    bothCited: share(answers.filter((_, i) => first[i] && second[i]).length),
    oneCited: share(answers.filter((_, i) => first[i] || second[i]).length),
    firstCited: share(first.filter(Boolean).length),
    secondCited: share(second.filter(Boolean).length),
    abstained: share(answers.filter((a) => a.abstained).length),
  };
}
