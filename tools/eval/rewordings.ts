import { inChatSpeak } from './chat-speak';
import { withCustomerContext, withCustomerContextOnLines } from './customer-context';
import { withCustomerDetail } from './customer-details';
import { asCustomerEmail } from './customer-emails';
import { withSignOff } from './sign-offs';

/**
 * The probes that reword every question as customers write (tools/eval/answers/README.md):
 * each has its own file with its fixed list; this is the one table `eval:answers` reads them
 * from — their flags, how the report and the results file name them, and the order they
 * apply in (after the typos).
 */
export interface Rewording {
  /** The command-line flag, without `--`. */
  flag: string;
  /** The name in the options and the results file. */
  key: 'details' | 'context' | 'lineBreaks' | 'signOff' | 'email' | 'chatSpeak';
  description: string;
  /** Appended to the report's first line. */
  label: string;
  /** Appended to the results file's name. */
  filePart: string;
  reword(question: string, position: number): string;
}

export const REWORDINGS: readonly Rewording[] = [
  {
    flag: 'details',
    key: 'details',
    description: 'add a detail customers add (an amount, a date, a link…) to each question (customer-details.ts)',
    label: ' with details',
    filePart: '-details',
    reword: withCustomerDetail,
  },
  {
    flag: 'context',
    key: 'context',
    description: 'put a sentence customers write first before each question (customer-context.ts)',
    label: ' with context',
    filePart: '-context',
    reword: withCustomerContext,
  },
  {
    flag: 'line-breaks',
    key: 'lineBreaks',
    description: 'put the --context sentence before each question on lines of its own, without full stops (customer-context.ts)',
    label: ' with context on lines',
    filePart: '-line-breaks',
    reword: withCustomerContextOnLines,
  },
  {
    flag: 'sign-off',
    key: 'signOff',
    description: 'end each question with thanks or regards and a name (sign-offs.ts)',
    label: ' with sign-offs',
    filePart: '-sign-off',
    reword: withSignOff,
  },
  {
    flag: 'email',
    key: 'email',
    description: 'write each question as an e-mail: salutation, sign-off, name and a mail app footer on lines of their own (customer-emails.ts)',
    label: ' as e-mails',
    filePart: '-email',
    reword: asCustomerEmail,
  },
  {
    flag: 'chat-speak',
    key: 'chatSpeak',
    description: 'write each question with the short forms customers type (chat-speak.ts)',
    label: ' in chat-speak',
    filePart: '-chat-speak',
    reword: (question) => inChatSpeak(question),
  },
];
