import type { SmallTalkKind } from '@eloquent/contracts';
import { isOnlyDetails } from '../relevance/searchable-question';
import { emojiKindsOf } from './emoji';

/**
 * Messages that are not questions about the help center: a greeting, thanks, a goodbye, an
 * "ok", asking for a person, or a message with no words at all ("???", "🤷"). They are answered with a short reply of their own, not
 * searched: searched, "hi" is off-topic and gets the abstention ("I couldn't find anything
 * about this…"), and "thanks" after an answer reads as a follow-up and gets the same answer
 * again (docs/chat.md, "Small talk"). The kinds are part of the contract
 * (`MessageView.smallTalk`, `chat:done.smallTalk`): a client shows the reply without a mode
 * badge or rating buttons.
 */

/** Phrases of several words, matched on the lower-cased words joined by single spaces. */
const PHRASES: ReadonlyArray<readonly [SmallTalkKind, RegExp]> = [
  ['person', /\b(?:talk|speak|chat) (?:to|with) (?:a |an |some )?(?:real )?(?:human|person|agent|operator|representative|advisor|adviser|someone|somebody)\b/g],
  ['person', /\b(?:(?:are|r) (?:you|u)|is (?:this|that|it)) (?:a |an )?(?:real |actual )?(?:bot|robot|human|person|ai|machine|chatbot)\b/g],
  ['person', /\bam i (?:talking|speaking|chatting) (?:to|with) (?:a |an )?(?:real )?(?:bot|robot|human|person|machine|chatbot)\b/g],
  ['person', /\bwho are (?:you|u)\b/g],
  // How to reach the team, or the assistant's own name or number: the support contact, not an article ("whats your phone number" quoted how to change one's own).
  ['person', /\b(?:your|ur) (?:name|phone number|number|email address|email|e mail)\b/g],
  ['person', /\b(?:contact|call|ring|phone|email) (?:you|u|support|someone|somebody|me)\b/g],
  ['person', /\bcustomer (?:service|support|care)\b/g],
  // The customer says the answer did not help: searched, "that didnt answer my question" got an unrelated article.
  [
    'dissatisfied',
    /\b(?:not|never|didn t|didnt|doesn t|doesnt|don t|dont|isn t|isnt|wasn t|wasnt) (?:help|helping|helped|helpful|answer|answered|answering|work|working|useful|right|correct)\b/g,
  ],
  ['dissatisfied', /\bnot (?:what i (?:asked|meant|wanted|need|needed)|my question)\b/g],
  ['dissatisfied', /\b(?:you|u) (?:(?:are|re|r) not|aren t|arent) (?:helping|helpful|listening)\b/g],
  ['dissatisfied', /\b(?:i|you) (?:asked|ask) (?:something|a) (?:else|different)(?: question)?\b/g],
  ['goodbye', /\bhave an? (?:nice|good|great|lovely) (?:day|one|weekend|evening)\b/g],
  ['goodbye', /\bsee (?:you|ya|u)(?: later| soon| again)?\b/g],
  ['goodbye', /\btalk (?:to you )?(?:later|soon)\b/g],
  ['goodbye', /\bgood ?night\b/g],
  ['greeting', /\bhow are (?:you|u|ya|things)\b/g],
  ['greeting', /\bhow is it going\b/g],
  ['greeting', /\bwhat s up\b/g],
  ['greeting', /\bgood (?:morning|afternoon|evening|day)\b/g],
  // "anyone there?", "are you there", "is this working": checking that someone listens before asking.
  ['greeting', /\b(?:anyone|anybody|someone|somebody|(?:are )?(?:you|u)) (?:there|here|around|online|available)\b/g],
  // Not "does it work" nor "what can I do": after an answer those are follow-ups.
  ['greeting', /\b(?:is this (?:working|on)|does this (?:chat )?work)\b/g],
  // What the assistant is for: the greeting says it.
  ['greeting', /\b(?:what (?:can|do) (?:you|u) do|what can i ask(?: you| u)?|what can (?:you|u) help(?: me)? with)\b/g],
  ['acknowledgement', /\b(?:makes|made) sense\b/g],
  ['acknowledgement', /\b(?:sounds|looks) good\b/g],
  ['acknowledgement', /\bgot it\b/g],
];

/** Single words, each telling the kind of message it is in. */
const WORDS = new Map<string, SmallTalkKind>([
  ...words('person', 'human agent operator representative'),
  ...words('thanks', 'thanks thank thankyou thx thnx thanx ty tysm cheers appreciated appreciate grateful merci danke gracias'),
  ...words('goodbye', 'bye goodbye byebye cya farewell'),
  ...words('dissatisfied', 'useless unhelpful wrong incorrect rubbish pointless terrible awful stupid dumb'),
  // "I have a problem", "I need some information", "test": an opener that names no subject yet.
  ...words(
    'greeting',
    'hi hii hello helo hallo hey heya hiya howdy yo greetings morning afternoon evening hola bonjour ciao help assist assistance question questions ' +
      'problem problems issue issues query enquiry inquiry information ask test testing',
  ),
  ...words(
    'acknowledgement',
    'ok okay okey k kk alright allright sure fine great perfect awesome cool nice brilliant lovely excellent amazing wonderful super fantastic understood gotcha noted helpful helped useful yes yeah yep yup no nope nothing',
  ),
]);

/** Words that carry no topic: a message of only these (and one word above) is still small talk. */
const FILLER = new Set(
  (
    'a an the i im me my you u ya your we so very much lot lots many again there all everyone everybody guys team folks for that thats this it its ' +
    'is s was am are be been oh ah well just really to and too then dear sir madam friend mate please pls plz can could would will need have has ' +
    'get some with anyone here one quick bot of day good want wanna like id ll d ve m re t clear works worked done got it right something anything ' +
    'what whats how do does did answer reply response at all still let'
  ).split(' '),
);

/**
 * Every word that can be part of small talk: a message with any other word is a question, which
 * is told before the phrases are tried (most messages are questions, and this is on their
 * path). The phrases' words are read off their patterns.
 */
const SMALL_TALK_WORDS = new Set([...WORDS.keys(), ...FILLER, ...PHRASES.flatMap(([, phrase]) => phrase.source.replace(/\\b/g, ' ').match(/[a-z]+/g) ?? [])]);

const NON_ASCII = /[\u0080-\uffff]/;

/** A letter of a script the word lists do not read ("你好"), once accents are off. */
const UNREAD_LETTER = /[^\P{L}a-z]/u;

const DIGIT = /\p{N}/u;

/**
 * Text emoticons, read as the emoji they stand for (emoji.ts), on the lower-cased message:
 * ":)", ":-)", ";)", ":D", ":P", "xD" are an "ok", "<3" is thanks. Their letters are not words:
 * searched, ":D" was a question about "d".
 */
const EMOTICONS: ReadonlyArray<readonly [SmallTalkKind, RegExp]> = [
  ['acknowledgement', /(?<=^|\s)(?:[:;=]-?[)\]dp]|x-?d)(?=$|\s|[!.,])/g],
  ['thanks', /(?<=^|\s)<3+(?=$|\s|[!.,])/g],
];
const MAY_HOLD_EMOTICON = /[:;=<]|xd/;

/** More words than this is a question, whatever its words. */
const MAX_WORDS = 12;

/** Which precedes when a message is several kinds at once ("thanks, bye": goodbye; "hi, are you a bot?": person). */
const PRECEDENCE: readonly SmallTalkKind[] = ['person', 'dissatisfied', 'goodbye', 'thanks', 'greeting', 'acknowledgement'];

/**
 * The kind of small talk `message` is, or undefined when it may be a question: every word is
 * a small-talk word or phrase or carries no topic, and at least one word or emoji says which
 * kind. "hi", "thanks, that helped!" and "👍" are small talk; "hi, my card was declined",
 * "thanks, and how do I unfreeze it?" and "my card 👍" are not. A message with no letter nor
 * digit that no emoji gives a kind ("???", "...", "🤷"), or of nothing but details
 * ("john.smith@gmail.com", "12345678"), is `unclear`.
 */
export function smallTalkOf(message: string): SmallTalkKind | undefined {
  const kinds = new Set<SmallTalkKind>();
  let lower = message.toLowerCase();
  if (MAY_HOLD_EMOTICON.test(lower)) {
    for (const [kind, emoticon] of EMOTICONS) {
      lower = lower.replace(emoticon, () => {
        kinds.add(kind);
        return ' ';
      });
    }
  }
  const nonAscii = NON_ASCII.test(lower);
  // Accents off ("héllo"); most messages have none, and this is on every question's path.
  const text = nonAscii ? lower.normalize('NFKD').replace(/[\u0300-\u036f]/g, '') : lower;
  const words = text.match(/[a-z]+/g) ?? [];
  if (words.length > MAX_WORDS) return undefined;
  // "hiiii", "heyyy", "sooo": letters held down are read once.
  const read = words.map((word) => (SMALL_TALK_WORDS.has(word) ? word : word.replace(/(.)\1{2,}/g, '$1')));
  // Most messages are questions and end here, before anything below; an e-mail address or an IBAN
  // alone is nothing to search, as "???" is (relevance/searchable-question.ts).
  if (!read.every((word) => SMALL_TALK_WORDS.has(word))) return isOnlyDetails(message) ? 'unclear' : undefined;
  // Emoji and other scripts are not ASCII: an ASCII message skips both.
  if (nonAscii && UNREAD_LETTER.test(text)) return undefined;
  if (nonAscii) for (const kind of emojiKindsOf(message)) kinds.add(kind);
  if (!words.length && !kinds.size) return DIGIT.test(text) && !isOnlyDetails(message) ? undefined : 'unclear';
  let rest = ` ${read.join(' ')} `;
  for (const [kind, phrase] of PHRASES) {
    rest = rest.replace(phrase, () => {
      kinds.add(kind);
      return ' ';
    });
  }
  for (const word of rest.split(' ')) {
    if (!word || FILLER.has(word)) continue;
    const kind = WORDS.get(word);
    if (!kind) return undefined;
    kinds.add(kind);
  }
  return PRECEDENCE.find((kind) => kinds.has(kind));
}

/** The reply to each kind; `supportContact` as in the abstention (SUPPORT_CONTACT). */
export function smallTalkReply(kind: SmallTalkKind, supportContact?: string): string {
  const team = supportContact ? `our support team at ${supportContact}` : 'our support team';
  switch (kind) {
    case 'person':
      return `I'm an automated assistant: I answer from our help center. To talk to a person, please contact ${team}.`;
    case 'thanks':
      return "You're welcome! Is there anything else I can help you with?";
    case 'goodbye':
      return 'Thanks for getting in touch. Goodbye!';
    case 'greeting':
      return "Hello! What can I help you with? Ask me about our products and services and I'll answer from our help center.";
    case 'acknowledgement':
      return 'Is there anything else I can help you with?';
    case 'unclear':
      return 'Could you tell me a bit more about what you need help with?';
    case 'dissatisfied':
      return `Sorry about that. You could ask again in other words, or contact ${team}.`;
  }
}

function words(kind: SmallTalkKind, list: string): Array<[string, SmallTalkKind]> {
  return list.split(' ').map((word) => [word, kind]);
}
