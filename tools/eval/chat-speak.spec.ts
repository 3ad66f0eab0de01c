import { inChatSpeak } from './chat-speak';

describe('inChatSpeak', () => {
  it('writes every word of the table in its short form, wherever it occurs', () => {
    expect(inChatSpeak('Can you tell me how to freeze your card? What are the fees for it')).toBe('Can u tell me how 2 freeze ur card? wat r the fees 4 it');
    expect(inChatSpeak('how do I close my account')).toBe('how do I close my acc');
  });

  it('leaves words that only contain one alone', () => {
    expect(inChatSpeak('toward your accounts')).toBe('toward ur accounts');
  });
});
