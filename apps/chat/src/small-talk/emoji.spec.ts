import { emojiKindsOf } from './emoji';

describe('emojiKindsOf', () => {
  it('reads each emoji of the list, past variation selectors, skin tones and joiners', () => {
    expect(emojiKindsOf('👍🏾 ❤️ 👋')).toEqual(['acknowledgement', 'thanks', 'greeting']);
    // heart on fire: a heart joined to a flame
    expect(emojiKindsOf('❤️‍🔥')).toEqual(['thanks']);
  });

  it('gives no kind for an emoji not in the list, nor for text', () => {
    expect(emojiKindsOf('🤷‍♀️ 🎉 ©')).toEqual([]);
    expect(emojiKindsOf('thanks')).toEqual([]);
  });
});
