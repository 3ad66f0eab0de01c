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

  it('passes over small talk said since the last question', () => {
    const thanked = [...HISTORY, { role: 'user' as const, content: 'great, thanks!' }, { role: 'assistant' as const, content: "You're welcome!" }];
    expect(expandFollowUp('And how do I unfreeze it?', thanked)).toBe('And how do I unfreeze it? freeze card');
  });
});
