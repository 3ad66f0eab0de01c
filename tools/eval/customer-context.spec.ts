import { CUSTOMER_CONTEXT, withCustomerContext, withCustomerContextOnLines } from './customer-context';

describe('withCustomerContext', () => {
  it('puts the sentence the position picks before the question, in turn', () => {
    expect(withCustomerContext('how do i ask for an overdraft', 1)).toBe(
      'Sorry to bother you, I tried everything I could think of. how do i ask for an overdraft',
    );
    expect(withCustomerContext('how do i ask for an overdraft', CUSTOMER_CONTEXT.length)).toBe(withCustomerContext('how do i ask for an overdraft', 0));
  });
});

describe('withCustomerContextOnLines', () => {
  it('puts each sentence of the one the position picks on its own line, without its full stop, and the question last', () => {
    expect(withCustomerContextOnLines('how do i ask for an overdraft', 2)).toBe(
      'Good morning\nI was at the supermarket with my kids this afternoon\nhow do i ask for an overdraft',
    );
    expect(withCustomerContextOnLines('how do i ask for an overdraft', 0)).toBe(
      "Hi, I've been with you for years and I'm really frustrated\nhow do i ask for an overdraft",
    );
  });
});
