import { smallTalkOf, smallTalkReply } from './small-talk';

describe('smallTalkOf', () => {
  it.each([
    ['hi', 'greeting'],
    ['Hello?', 'greeting'],
    ['hiiii 👋', 'greeting'],
    ['Héllo', 'greeting'],
    ['Good morning!', 'greeting'],
    ['hey there, how are you?', 'greeting'],
    ['I have a question', 'greeting'],
    ['can you help me please', 'greeting'],
    // openers that name no subject yet, and checking that someone listens
    ['i have a problem', 'greeting'],
    ['hi i have an issue', 'greeting'],
    ['I need to ask something', 'greeting'],
    ['hi i need some information', 'greeting'],
    ['anyone there?', 'greeting'],
    ['is anybody there', 'greeting'],
    ['are you there?', 'greeting'],
    ['hello, is this working', 'greeting'],
    ['test', 'greeting'],
    ['Thanks!', 'thanks'],
    ['thank you so much, that helped', 'thanks'],
    ["ok thx that's great", 'thanks'],
    ['no thanks', 'thanks'],
    ['bye', 'goodbye'],
    ['thanks, have a nice day', 'goodbye'],
    ['see you later', 'goodbye'],
    ['ok', 'acknowledgement'],
    ['Perfect, got it.', 'acknowledgement'],
    ['makes sense', 'acknowledgement'],
    ['can I talk to a human?', 'person'],
    ['I want to speak to a real person', 'person'],
    ['agent please', 'person'],
    ['hi, are you a bot?', 'person'],
    ['is this a bot', 'person'],
    ['who are you', 'person'],
    // how to reach the team, and the assistant's name
    ['how do i contact you', 'person'],
    ['whats your phone number?', 'person'],
    ['can you call me', 'person'],
    ['customer service please', 'person'],
    ['what is your name', 'person'],
    // what the assistant is for
    ['what can you do', 'greeting'],
    ['what can i ask you?', 'greeting'],
    ['does this work?', 'greeting'],
    // the answer did not help
    ["that didn't answer my question", 'dissatisfied'],
    ['that didnt help', 'dissatisfied'],
    ['wrong answer', 'dissatisfied'],
    ['this is useless', 'dissatisfied'],
    ['you are not helping', 'dissatisfied'],
    ["you aren't listening", 'dissatisfied'],
    ['no, not what I asked', 'dissatisfied'],
    ['I asked something else', 'dissatisfied'],
    ["it's still not working", 'dissatisfied'],
    ['this is useless, let me talk to a human', 'person'],
    // emoji (emoji.ts): alone, with a variation selector or a skin tone, or with small-talk words
    ['👍', 'acknowledgement'],
    ['👍🏽', 'acknowledgement'],
    ['👌👌', 'acknowledgement'],
    ['✅', 'acknowledgement'],
    ['🙂', 'acknowledgement'],
    ['😀!', 'acknowledgement'],
    ['ok 👍', 'acknowledgement'],
    ['🙏', 'thanks'],
    ['🙏🏻', 'thanks'],
    ['❤️', 'thanks'],
    ['❤', 'thanks'],
    ['💙', 'thanks'],
    ['thanks 🙏', 'thanks'],
    ['👍 thanks!', 'thanks'],
    ['so much 🥰', 'thanks'],
    ['👋', 'greeting'],
    ['👋🏿', 'greeting'],
    ['bye 👋', 'goodbye'],
    ['thanks 🎉', 'thanks'],
    ['🎉👍', 'acknowledgement'],
    // text emoticons, read as the emoji they stand for
    [':)', 'acknowledgement'],
    [':-)', 'acknowledgement'],
    [':D', 'acknowledgement'],
    ['xD', 'acknowledgement'],
    [';)', 'acknowledgement'],
    ['ok :P', 'acknowledgement'],
    ['thanks :)', 'thanks'],
    ['<3', 'thanks'],
    ['great, thank you <3!', 'thanks'],
    ['hi :)', 'greeting'],
    // no letter, no digit, no emoji that says a kind: not a question either
    ['???', 'unclear'],
    ['...', 'unclear'],
    ['?!', 'unclear'],
    ['🤷', 'unclear'],
    ['🤷‍♂️', 'unclear'],
    ['🎉', 'unclear'],
    ['¿?', 'unclear'],
    ['', 'unclear'],
    ['  ', 'unclear'],
    // nothing but details: what customers send when they think a person asked for it
    ['john.smith@gmail.com', 'unclear'],
    ['DE89 3704 0044 0532 0130 00', 'unclear'],
    ['12345', 'unclear'],
    ['+44 7700 900123', 'unclear'],
    ['€23.40', 'unclear'],
    ['#42', 'unclear'],
    ['1️⃣', 'unclear'],
  ])('%j is small talk: %s', (message, kind) => {
    expect(smallTalkOf(message)).toBe(kind);
  });

  it.each([
    'hi, my card was declined at the supermarket',
    'thanks, and how do I unfreeze it?',
    'How do I close my account?',
    'I want to talk to someone about my card',
    'someone used my card',
    'help me my account is locked',
    'how do i change my phone number',
    'what is the customer service number for lost cards',
    'my card is not working',
    'the app does not work on my phone',
    'wrong amount charged',
    'how does a chargeback work',
    'what can i do if my card is stolen',
    // after an answer these are follow-ups
    'what can I do?',
    'does it work?',
    'how does it work',
    'is it working',
    'i have a problem with my card',
    'I need information about overdrafts',
    'is contactless working abroad',
    'are you open on sunday',
    'can I get a question answered about fees',
    'what are your mortgage rates',
    'tell me a joke',
    'translate hello into japanese',
    'why?',
    'that one',
    '你好',
    'my card 👍',
    'card declined 🙏',
    'hi 我的卡',
    '我的卡 👍',
    '16',
    'https://help.lumenbank.example/cards/freeze-and-unfreeze-your-card',
    'my email is john.smith@gmail.com, why was my card declined',
    'so 🤷',
    'my card is blocked :(',
    'why :D',
    'Question: how do I freeze my card',
    'what does xdr mean',
    'd',
    // twelve words at most: a long message is a question, whatever its words
    'hi hi hi hi hi hi hi hi hi hi hi hi hi',
  ])('%j is not small talk', (message) => {
    expect(smallTalkOf(message)).toBeUndefined();
  });
});

describe('smallTalkReply', () => {
  it('sends someone asking for a person to the support contact, when there is one', () => {
    expect(smallTalkReply('person', 'help@example.com')).toContain('please contact our support team at help@example.com.');
    expect(smallTalkReply('person')).toContain('please contact our support team.');
  });

  it('answers that an answer did not help with a way on: other words or the support contact', () => {
    expect(smallTalkReply('dissatisfied', 'help@example.com')).toBe(
      'Sorry about that. You could ask again in other words, or contact our support team at help@example.com.',
    );
    expect(smallTalkReply('dissatisfied')).toBe('Sorry about that. You could ask again in other words, or contact our support team.');
  });

  it('answers a greeting with an invitation to ask, and thanks with an offer of more', () => {
    expect(smallTalkReply('greeting')).toMatch(/^Hello! What can I help you with\?/);
    expect(smallTalkReply('thanks')).toBe("You're welcome! Is there anything else I can help you with?");
  });

  it('asks a message with no words for what the customer needs', () => {
    expect(smallTalkReply('unclear')).toBe('Could you tell me a bit more about what you need help with?');
  });
});
