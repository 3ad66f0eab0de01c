import { MAX_QUERY_CHARS } from '@eloquent/contracts';
import { isOnlyDetails, searchableQuestion } from './searchable-question';

describe('searchableQuestion', () => {
  it('leaves a question without details as it is', () => {
    const question = 'How do I freeze my card?';
    expect(searchableQuestion(question)).toBe(question);
  });

  it('leaves out links and e-mail addresses', () => {
    expect(searchableQuestion('I was charged twice at https://shop.example.com/orders/55213 yesterday')).toBe('I was charged twice at yesterday');
    expect(searchableQuestion('got a mail from security@lumen-alerts.example asking for my PIN, is it a scam?')).toBe(
      'got a mail from asking for my PIN, is it a scam?',
    );
    expect(searchableQuestion('is www.lumen-help.example yours')).toBe('is yours');
  });

  it('leaves out amounts, dates, times, references and the groups of card numbers and IBANs', () => {
    expect(searchableQuestion('why was I charged €23.40 on 14/03/2026 at 12:30?')).toBe('why was I charged on at');
    expect(searchableQuestion('where is my refund (reference LB-20418833)')).toBe('where is my refund (reference');
    expect(searchableQuestion('my card ending 4417 was declined')).toBe('my card ending was declined');
    expect(searchableQuestion('why is my transfer to DE89 3704 0044 0532 0130 00 pending')).toBe('why is my transfer to pending');
    expect(searchableQuestion('why is my transfer to DE89370400440532013000 pending')).toBe('why is my transfer to pending');
  });

  it('keeps short numbers and codes, which can be the subject', () => {
    expect(searchableQuestion('I am 16, can I have an account')).toBe('I am 16, can I have an account');
    expect(searchableQuestion('does 3D Secure work with 2FA?')).toBe('does 3D Secure work with 2FA?');
    expect(searchableQuestion('DE89 what does that mean')).toBe('DE89 what does that mean');
    // Markdown emphasis, brackets or quotes around a number do not make it formatted.
    expect(searchableQuestion('**I am 16** can I have an account')).toBe('**I am 16** can I have an account');
    expect(searchableQuestion('I am “16” [16] _16_ can I have an account')).toBe('I am “16” [16] _16_ can I have an account');
    expect(searchableQuestion('I paid **€23.40** twice')).toBe('I paid twice');
  });

  it('leaves out a sign-off at the end: thanks or regards and a name', () => {
    expect(searchableQuestion('how do i ask for an overdraft. Kind regards, Tom Baker')).toBe('how do i ask for an overdraft');
    expect(searchableQuestion('How do I close my account? Thanks, Maria')).toBe('How do I close my account');
    expect(searchableQuestion('how do I freeze my card. cheers sam')).toBe('how do I freeze my card');
    expect(searchableQuestion('how do I freeze my card. Thank you in advance! Priya')).toBe('how do I freeze my card');
    expect(searchableQuestion('how do I freeze my card, thanks for helping me')).toBe('how do I freeze my card');
    expect(searchableQuestion('my card ending 4417 was declined. Best, J. Okafor')).toBe('my card ending was declined');
  });

  it('reads a letter held down as two, for the spelling correction to read as a word', () => {
    expect(searchableQuestion('pleeease help, my card is blocked')).toBe('pleease help, my card is blocked');
    expect(searchableQuestion('how do i freeeeze my card')).toBe('how do i freeze my card');
    expect(searchableQuestion('helppp')).toBe('helpp');
    expect(searchableQuestion('how much are the fees')).toBe('how much are the fees');
  });

  it('reads "2" and "4" between words as the "to" and "for" they stand for in chat', () => {
    expect(searchableQuestion('can u tell me how 2 freeze my card')).toBe('can u tell me how to freeze my card');
    expect(searchableQuestion('r there fees 4 atm withdrawals')).toBe('r there fees for atm withdrawals');
    expect(searchableQuestion('I am 16, can I have an account')).toBe('I am 16, can I have an account');
  });

  it('keeps thanks and "best" that are part of the question', () => {
    expect(searchableQuestion("what's the best way to pay")).toBe("what's the best way to pay");
    expect(searchableQuestion('thanks, and how do I unfreeze it?')).toBe('thanks, and how do I unfreeze it?');
    expect(searchableQuestion('can I say thanks to the support team')).toBe('can I say thanks to the support team');
    expect(searchableQuestion('thanks, maria')).toBe('thanks, maria');
  });

  it('searches a message that is nothing but details as written', () => {
    expect(searchableQuestion('https://shop.example.com/orders/55213')).toBe('https://shop.example.com/orders/55213');
    expect(searchableQuestion('LB-20418833')).toBe('LB-20418833');
  });
});

describe('searchableQuestion, a question written as an e-mail', () => {
  it('leaves out the salutation, the sign-off and name, and the mail app footer', () => {
    expect(searchableQuestion('Hello,\n\nhow do i freeze my card\n\nThanks,\nJohn\n\nSent from my iPhone')).toBe('how do i freeze my card');
    expect(searchableQuestion('Dear Lumen team,\n\nhow do i freeze my card\n\nKind regards,\nMaria Lopez')).toBe('how do i freeze my card');
    expect(searchableQuestion('Hi there,\nhow do i freeze my card\nBest,\nTom\nSent from my Galaxy')).toBe('how do i freeze my card');
    expect(searchableQuestion('how do i freeze my card\n\nGet Outlook for Android')).toBe('how do i freeze my card');
    expect(searchableQuestion('Good morning,\n\nhow do i freeze my card\n\nMany thanks in advance\nPeter')).toBe('how do i freeze my card');
  });

  it('keeps a first line that says more than a greeting, and those words anywhere but on lines of their own', () => {
    expect(searchableQuestion('Hi my card broke\nwhat now')).toBe('Hi my card broke\nwhat now');
    expect(searchableQuestion('I sent from my iPhone a payment\nwhy is it pending')).toBe('I sent from my iPhone a payment\nwhy is it pending');
    expect(searchableQuestion('hi there, how do i freeze my card')).toBe('hi there, how do i freeze my card');
  });
});

describe('searchableQuestion, a message longer than retrieval takes a query', () => {
  it('keeps its end, from a word start, within MAX_QUERY_CHARS', () => {
    const story = 'I tried to pay at the shop yesterday and it did not work. '.repeat(60);
    const searched = searchableQuestion(`${story}How do I check my card limits?`);
    expect(searched.length).toBeLessThanOrEqual(MAX_QUERY_CHARS);
    expect(searched.endsWith('How do I check my card limits?')).toBe(true);
    expect(`${story}How do I check my card limits?`.endsWith(searched)).toBe(true);
    expect(searched).toMatch(/^[A-Za-z]/);
    expect(searchableQuestion('how do i freeze my card')).toBe('how do i freeze my card');
  });
});

describe('isOnlyDetails', () => {
  it('tells a message of nothing but details from a question, a link or a short number', () => {
    for (const details of ['john.smith@gmail.com', 'DE89 3704 0044 0532 0130 00', '12345678', 'LB-20418833', '€23.40'])
      expect(isOnlyDetails(details)).toBe(true);
    for (const message of ['how do i freeze my card', 'my card ending 4417 was declined', 'https://help.lumenbank.example/cards', '16', '???', 'hi']) {
      expect(isOnlyDetails(message)).toBe(false);
    }
  });
});
