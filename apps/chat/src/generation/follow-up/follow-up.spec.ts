import { expandFollowUp, looksLikeFollowUp, readsAsFollowUp } from './follow-up';

const HISTORY = [
  { role: 'user' as const, content: 'How do I freeze my card?' },
  { role: 'assistant' as const, content: 'Open Cards and tap Freeze.' },
];

describe('follow-up questions', () => {
  it.each(['And how do I unfreeze it?', 'What about Apple Pay?', 'Why?', 'Does that cost anything?'])('treats %j as a follow-up', (question) => {
    expect(looksLikeFollowUp(question, HISTORY)).toBe(true);
  });

  it.each(['How do I order a replacement card?', 'What are the ATM withdrawal fees?'])('treats %j as standalone', (question) => {
    expect(looksLikeFollowUp(question, HISTORY)).toBe(false);
  });

  it('never treats the first question as a follow-up', () => {
    expect(looksLikeFollowUp('And it?', [])).toBe(false);
  });

  it('tells from the question alone whether it reads as a follow-up (before the history is read)', () => {
    expect(readsAsFollowUp('And it?')).toBe(true);
    expect(readsAsFollowUp('How do I order a replacement card?')).toBe(false);
  });

  it('adds the previous question’s content words that are missing', () => {
    expect(expandFollowUp('And how do I unfreeze it?', HISTORY)).toBe('And how do I unfreeze it? freeze card');
    expect(expandFollowUp('Can I freeze my card twice?', HISTORY)).toBe('Can I freeze my card twice?');
  });

  it('keeps the topic through a follow-up of a follow-up, back to the question that set it', () => {
    const chain = [
      { role: 'user' as const, content: 'How do I order a replacement card?' },
      { role: 'assistant' as const, content: 'Open Cards and tap Replace.' },
      { role: 'user' as const, content: 'How much does it cost to send money abroad?' },
      { role: 'assistant' as const, content: 'SWIFT transfers cost €5.' },
      { role: 'user' as const, content: 'What about to the US?' },
      { role: 'assistant' as const, content: 'The same fee applies.' },
    ];
    expect(expandFollowUp('How long does it take?', chain)).toBe('How long does it take? us much cost send money abroad');
    // A standalone question ends the walk: the replacement card before it is another topic.
    expect(expandFollowUp('How long does it take?', chain.slice(0, 4))).toBe('How long does it take? much cost send money abroad');
  });

  it('passes over small talk said since the last question', () => {
    const thanked = [...HISTORY, { role: 'user' as const, content: 'great, thanks!' }, { role: 'assistant' as const, content: "You're welcome!" }];
    expect(expandFollowUp('And how do I unfreeze it?', thanked)).toBe('And how do I unfreeze it? freeze card');
  });
});
