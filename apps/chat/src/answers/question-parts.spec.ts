import { questionParts, withoutPreamble } from './question-parts';

describe('questionParts', () => {
  it('splits two questions joined as customers join them', () => {
    expect(questionParts('how do I freeze my card and also change my PIN?')).toEqual(['how do I freeze my card', 'change my PIN?']);
    expect(questionParts('how do I freeze my card? and how do I get a new one?')).toEqual(['how do I freeze my card', 'how do I get a new one?']);
    expect(questionParts('how do i freeze my card? Also, can I close my account')).toEqual(['how do i freeze my card', 'can I close my account']);
    expect(questionParts('how do i freeze my card, and can I close my account')).toEqual(['how do i freeze my card', 'can I close my account']);
    expect(questionParts('I need to freeze my card. Also how do I close my account')).toEqual(['I need to freeze my card', 'how do I close my account']);
    expect(questionParts('how do i order a new card and how long does delivery take')).toEqual(['how do i order a new card', 'how long does delivery take']);
  });

  it('splits two questions on two lines, or two sentences, when the second starts as a question', () => {
    expect(questionParts('how to order a new card\nwhat is the limit for contactless')).toEqual([
      'how to order a new card',
      'what is the limit for contactless',
    ]);
    expect(questionParts('I am 16 can I have an account \r\nhow long does a transfer to another country take')).toEqual([
      'I am 16 can I have an account',
      'how long does a transfer to another country take',
    ]);
    expect(questionParts('I need to freeze my card. How do I close my account')).toEqual(['I need to freeze my card', 'How do I close my account']);
    // As a list, one item a line or numbered on one line.
    expect(questionParts('- how do i freeze my card\n- how do i change my pin')).toEqual(['- how do i freeze my card', 'how do i change my pin']);
    expect(questionParts('1. how do i freeze my card\n2. how do i change my pin')).toEqual(['1. how do i freeze my card', 'how do i change my pin']);
    expect(questionParts('1) how do i freeze my card 2) how do i change my pin')).toEqual(['1) how do i freeze my card', 'how do i change my pin']);
    // A line that does not start as a question, or a question that points back, goes on with the first.
    expect(questionParts('how do i order a new card\nthe old one is broken')).toEqual(['how do i order a new card\nthe old one is broken']);
    expect(questionParts('how much cash can i take out per day\ndoes it cost')).toEqual(['how much cash can i take out per day\ndoes it cost']);
  });

  it('leaves one question alone', () => {
    expect(questionParts('how do I freeze my card?')).toEqual(['how do I freeze my card?']);
    expect(questionParts('can I pay by card and bank transfer')).toEqual(['can I pay by card and bank transfer']);
    expect(questionParts('i lost my card and i need a new one')).toEqual(['i lost my card and i need a new one']);
  });

  it('does not split off a part that names no subject of its own', () => {
    expect(questionParts('how much cash can i take out per day and does it cost')).toEqual(['how much cash can i take out per day and does it cost']);
    // After a plain "and", a second question that points back ("it") goes on with the first, whatever else it says.
    expect(questionParts('how much cash can i take out per day and does it cost (reference')).toEqual([
      'how much cash can i take out per day and does it cost (reference',
    ]);
    expect(questionParts('what is 2fa? do I have to use it')).toEqual(['what is 2fa? do I have to use it']);
    expect(questionParts('how do I freeze my card? thanks')).toEqual(['how do I freeze my card? thanks']);
  });

  it('splits in two at most, at the first join that leaves two questions', () => {
    expect(questionParts('card? how do I freeze my card and also change my PIN, and close my account')).toEqual([
      'card? how do I freeze my card',
      'change my PIN, and close my account',
    ]);
  });
});

describe('withoutPreamble', () => {
  it('leaves out what the customer wrote before the question', () => {
    expect(withoutPreamble("Hi, I've been with you for years and I'm really frustrated. how do i ask for an overdraft")).toBe('how do i ask for an overdraft');
    expect(withoutPreamble('Good morning. I was at the supermarket with my kids this afternoon. Why was my card declined?')).toBe('Why was my card declined?');
    expect(withoutPreamble('I lost my phone! how do i log in on a new one')).toBe('how do i log in on a new one');
  });

  it('reads a line break as the end of a sentence (customers who press Enter leave the full stop out)', () => {
    expect(withoutPreamble('Good morning\nI was at the supermarket with my kids this afternoon\nWhy was my card declined?')).toBe('Why was my card declined?');
    expect(withoutPreamble("Hi, I've been with you for years and I'm really frustrated \r\n\r\n how do i ask for an overdraft")).toBe(
      'how do i ask for an overdraft',
    );
    const story = 'Last week my card was declined at the supermarket even though I had money\nWhy does this happen?';
    expect(withoutPreamble(story)).toBe(story);
  });

  it('keeps a question before the last one with it (two questions, split by questionParts)', () => {
    expect(withoutPreamble('- how do i order a new card\n- what is the limit for contactless')).toBe(
      '- how do i order a new card\n- what is the limit for contactless',
    );
    expect(withoutPreamble('how do i order a new card\nwhat is the limit for contactless')).toBe(
      'how do i order a new card\nwhat is the limit for contactless',
    );
    expect(withoutPreamble('Hi, I have been with you for years. Can I have a second card? what is the limit for contactless')).toBe(
      'Can I have a second card? what is the limit for contactless',
    );
    expect(withoutPreamble('Hi. how do i order a new card\nwhat is the limit for contactless')).toBe(
      'Hi. how do i order a new card\nwhat is the limit for contactless',
    );
  });

  it('looks for the question among the last twelve sentences only', () => {
    // Each sentence tried analyzes the text on both sides: a thousand short lines would each be tried.
    const story = 'I have a story to tell you. How do I freeze my card?';
    const oks = (n: number) => `${story}${'\nok'.repeat(n)}`;
    expect(withoutPreamble(oks(11))).toBe(`How do I freeze my card?${'\nok'.repeat(11)}`);
    expect(withoutPreamble(oks(12))).toBe(oks(12));
    const pasted = `${'ok\n'.repeat(1000)}how do i freeze my card`;
    expect(withoutPreamble(pasted)).toBe(pasted);
    expect(questionParts(`${'how and '.repeat(500)}x`)).toEqual([`${'how and '.repeat(500)}x`]);
  });

  it('keeps a message whose last sentence names nothing of its own, or whose first does not', () => {
    const story = 'Last week my card was declined at the supermarket even though I had money. Why does this happen?';
    expect(withoutPreamble(story)).toBe(story);
    expect(withoutPreamble('Hi. how do i ask for an overdraft')).toBe('Hi. how do i ask for an overdraft');
    expect(withoutPreamble('how do i ask for an overdraft?')).toBe('how do i ask for an overdraft?');
    expect(withoutPreamble('I paid €2.50 at the shop')).toBe('I paid €2.50 at the shop');
  });
});
