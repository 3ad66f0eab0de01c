import { MAX_QUERY_CHARS } from '@eloquent/contracts';

/**
 * The part of a customer's message that is searched (docs/chat.md, "Details in a question").
 * Customers add details to a question: a link, an e-mail address, an amount, a date, a
 * reference, an IBAN, a sign-off with their name. No help center article is about
 * "LB-20418833", "jo.smith@example.com" or "Tom Baker", and searched, such words weighed as the
 * rarest of the question, so a covered question read as one the help center does not cover.
 * They are left out of the search; the question as written is what a language model is given
 * and what is stored.
 */

/**
 * A letter held down ("pleeease", "helppp"): no English word has one letter three times in a
 * row, so the run is read as two, which the spelling correction then reads as a word when it is
 * one edit from one the help center uses ("pleease" → "please"; docs/retrieval.md).
 */
const HELD_LETTER = /(\p{L})\1{2,}/gu;

/** "2" and "4" for "to" and "for" between words ("how 2 freeze my card", "fees 4 atm"): stopwords, not numbers. */
const CHAT_SPEAK_NUMBER = /(?<=\p{L}\s+)[24](?=\s+\p{L})/gu;

/** A message with letters or digits left. */
const HAS_WORDS = /[\p{L}\p{N}]/u;

/** A link: a scheme or "www." and everything up to the next space. */
const LINK = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S+/gi;
/** An e-mail address. */
const EMAIL = /[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+\.[a-z]{2,}/gi;
/** An IBAN, written together or in groups of four ("DE89 3704 0044 0532 0130 00"). */
const IBAN = /\b[a-z]{2}\d{2}(?: ?[a-z0-9]{4}){2,7}(?: ?[a-z0-9]{1,3})?\b/gi;
/** Every IBAN has this many digits or more; the groups alone could be words ("DE89 what does"). */
const MIN_IBAN_DIGITS = 10;
/** A run of non-space characters with a digit: a number, an amount, a date, a code. */
const WITH_DIGIT = /\S*\d\S*/g;
/**
 * Which of those are details, not words of the question: four digits or more ("LB-20418833",
 * "2026", a card number's group) or a formatted number ("€23.40", "14/03", "12:30"). A bare short
 * number can be the subject ("I am 16, can I have an account") and short codes are words help
 * centers write ("3D Secure", "2FA", "P60"), so those are searched.
 */
const MIN_CODE_DIGITS = 4;
const FORMATTED_NUMBER = /^[^\p{L}]*\d[^\p{L}]*$/u;
const BARE_NUMBER = /^\d+$/;
/**
 * A sign-off at the end, after the end of a sentence or a comma: thanks or regards and up to
 * three words more, a name or "for your help" ("… Kind regards, Tom Baker", "…, cheers sam").
 * Not "best" in the middle of a question ("what's the best way to pay").
 */
const SIGN_OFF =
  /(?:^|[.!?,;]\s*|\n\s*)(?:(?:many|kind|best|warm)\s+(?:thanks|regards|wishes)|thanks|thank\s+(?:you|u)|thx|ty|cheers|regards|best|sincerely)(?:\s+in\s+advance)?[\s,!.]*(?:[\p{L}][\p{L}.'-]*[\s,!.]*){0,3}$/iu;
/** A mail app's footer on the last line ("Sent from my iPhone", "Get Outlook for Android"). */
const MAIL_FOOTER = /\n[^\S\n]*(?:sent (?:from|with|via) [^\n]{1,40}|get outlook for [^\n]{1,20})[^\S\n]*$/i;
/**
 * An e-mail's salutation on the first line: a greeting and at most two words more ("Hello",
 * "Hi there!", "Good morning Anna"), or any short line after a greeting that ends with a comma
 * ("Dear Lumen team,"). "Hi my card broke" on a line of its own is the question.
 */
const SALUTATION =
  /^[^\S\n]*(?:hi|hello|hey|hiya|dear|greetings|good (?:morning|afternoon|evening|day))\b(?:(?:[^\S\n]+[\p{L}.'-]+){0,2}[^\S\n]*[!.]?|[^\n,]{0,40},)[^\S\n]*\n/iu;
/** Characters the details contain; most questions have none of them and skip the work. */
const MAY_HOLD_DETAILS = /[\d@/]|www\./i;

/**
 * `question` without a sign-off, links, e-mail addresses, IBANs, formatted numbers and long codes, spaced as
 * before; unchanged when nothing is left of it but those (a message that is only a link is
 * searched as written rather than as nothing).
 */
export function searchableQuestion(question: string): string {
  return withinQueryLimit(withoutDetails(question) ?? question);
}

/** LINK, for one test (LINK is global: `test` on it would carry its position from call to call). */
const HAS_LINK = new RegExp(LINK.source, 'i');

/**
 * Whether the message is nothing but details — an e-mail address, an IBAN, a reference or a
 * phone number, an amount or a date — with no word of a question ("john.smith@gmail.com",
 * "DE89 3704 0044 0532 0130 00", "12345678"): what customers send when they think a person
 * asked for it. Not a link, whose words can name the subject
 * ("…/cards/freeze-and-unfreeze-your-card"), nor a short number ("16").
 */
export function isOnlyDetails(question: string): boolean {
  return MAY_HOLD_DETAILS.test(question) && !HAS_LINK.test(question) && HAS_WORDS.test(question) && withoutDetails(question) === undefined;
}

/**
 * At most the last MAX_QUERY_CHARS characters, from a word's start: a message may be twice as
 * long as retrieval takes a query (MAX_MESSAGE_CHARS), and a pasted e-mail of 2,500
 * characters failed its answer with RETRIEVAL_FAILED. The end, as customers ask after they
 * have told their story (docs/chat.md, "What customers write before the question").
 */
function withinQueryLimit(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length <= MAX_QUERY_CHARS) return text;
  return trimmed.slice(-MAX_QUERY_CHARS).replace(/^\S*\s+/, '');
}

/** The message without its details, sign-off and e-mail lines; undefined when nothing is left of it. */
function withoutDetails(question: string): string | undefined {
  const signedOff = withoutEmailLines(question)
    .replace(SIGN_OFF, '')
    .replace(CHAT_SPEAK_NUMBER, (digit) => (digit === '2' ? 'to' : 'for'));
  if (!MAY_HOLD_DETAILS.test(signedOff)) return HAS_WORDS.test(signedOff) ? signedOff.replace(HELD_LETTER, '$1$1') : undefined;
  const searchable = signedOff
    .replace(LINK, ' ')
    .replace(EMAIL, ' ')
    .replace(IBAN, (iban) => (countDigits(iban) >= MIN_IBAN_DIGITS ? ' ' : iban))
    .replace(WITH_DIGIT, (run) => (isDetail(run) ? ' ' : run))
    .replace(/\s{2,}/g, ' ')
    .trim();
  return HAS_WORDS.test(searchable) ? searchable.replace(HELD_LETTER, '$1$1') : undefined;
}

/** Punctuation around a number that does not make it formatted: "(16)", "16,", "**16**" (markdown), "“16”". */
const AROUND_NUMBER = /^[.,;:!?()[\]{}<>"'“”‘’*_~`]+|[.,;:!?()[\]{}<>"'“”‘’*_~`]+$/g;

/**
 * A question written as an e-mail without the footer its mail app added, and without its
 * salutation (docs/chat.md, "Questions written as e-mails"): searched, "Sent from my iPhone"
 * read as a question about Apple Pay, and "Dear Lumen team," about team cards. The sign-off is
 * then left out as any sign-off is (SIGN_OFF).
 */
function withoutEmailLines(question: string): string {
  // An e-mail's lines are looked for only in a message that has some.
  if (!question.includes('\n')) return question;
  const trimmed = question.trim();
  return trimmed.replace(MAIL_FOOTER, '').replace(SALUTATION, '').trim();
}

function isDetail(run: string): boolean {
  const bare = run.replace(AROUND_NUMBER, '');
  if (countDigits(bare) >= MIN_CODE_DIGITS) return true;
  return FORMATTED_NUMBER.test(bare) && !BARE_NUMBER.test(bare);
}

function countDigits(text: string): number {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
  }
  return digits;
}
