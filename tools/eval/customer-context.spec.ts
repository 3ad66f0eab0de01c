import { CUSTOMER_CONTEXT, withCustomerContext } from './customer-context';

describe('withCustomerContext', () => {
  it('puts the sentence the position picks before the question, in turn', () => {
    expect(withCustomerContext('how do i ask for an overdraft', 1)).toBe(
      'Sorry to bother you, I tried everything I could think of. how do i ask for an overdraft',
    );
    expect(withCustomerContext('how do i ask for an overdraft', CUSTOMER_CONTEXT.length)).toBe(withCustomerContext('how do i ask for an overdraft', 0));
  });
});
