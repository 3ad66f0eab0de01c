import { SIGN_OFFS, withSignOff } from './sign-offs';

describe('withSignOff', () => {
  it('ends the question with the sign-off its position picks, in turn, after a full stop when it had none', () => {
    expect(withSignOff('how do i ask for an overdraft', 1)).toBe('how do i ask for an overdraft. Kind regards, Tom Baker');
    expect(withSignOff('How do I close my account?', 0)).toBe('How do I close my account? Thanks, Maria');
    expect(withSignOff('How do I close my account?', SIGN_OFFS.length)).toBe(withSignOff('How do I close my account?', 0));
  });
});
