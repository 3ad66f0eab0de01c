import { asCustomerEmail, EMAIL_TEMPLATES } from './customer-emails';

describe('asCustomerEmail', () => {
  it('puts the question in the template its position picks, in turn', () => {
    expect(asCustomerEmail(' how do i ask for an overdraft ', 0)).toBe('Hello,\n\nhow do i ask for an overdraft\n\nThanks,\nJohn\n\nSent from my iPhone');
    expect(asCustomerEmail('how do i ask for an overdraft', 3)).toBe('how do i ask for an overdraft\n\nGet Outlook for Android');
    expect(asCustomerEmail('q', EMAIL_TEMPLATES.length)).toBe(asCustomerEmail('q', 0));
  });
});
