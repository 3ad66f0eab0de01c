/**
 * Details customers add to a question (`npm run eval:answers -- --details`): an amount, a
 * date, a reference, the last digits of a card, a link, an e-mail address, an IBAN. A probe
 * of whether such details make a covered question look uncovered, with nothing chosen by
 * hand: the question's position picks the detail, in turn, and it is added at the end.
 */
export const CUSTOMER_DETAILS: readonly string[] = [
  ', it was €23.40',
  ' on 14/03/2026',
  ' (reference LB-20418833)',
  ', card ending 4417',
  ' https://shop.example.com/orders/55213',
  ', my email is jo.smith@example.com',
  ' DE89 3704 0044 0532 0130 00',
];

/** `question` with the detail its position picks added at the end (a trailing "?" stays last). */
export function withCustomerDetail(question: string, position: number): string {
  const detail = CUSTOMER_DETAILS[position % CUSTOMER_DETAILS.length];
  const asked = question.match(/^(.*?)(\s*\?+)?$/s)!;
  return `${asked[1]}${detail}${asked[2]?.trim() ?? ''}`;
}
