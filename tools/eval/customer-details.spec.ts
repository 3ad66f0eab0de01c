import { CUSTOMER_DETAILS, withCustomerDetail } from './customer-details';

describe('withCustomerDetail', () => {
  it('adds the detail the position picks at the end, in turn', () => {
    expect(withCustomerDetail('why was I charged twice', 0)).toBe('why was I charged twice, it was €23.40');
    expect(withCustomerDetail('why was I charged twice', 1)).toBe('why was I charged twice on 14/03/2026');
    expect(withCustomerDetail('why was I charged twice', CUSTOMER_DETAILS.length)).toBe('why was I charged twice, it was €23.40');
  });

  it('keeps a trailing question mark last', () => {
    expect(withCustomerDetail('is my transfer pending?', 6)).toBe('is my transfer pending DE89 3704 0044 0532 0130 00?');
  });
});
