/** Three short help-center articles whose words do not overlap: a query names exactly one. */
export const helpArticles = [
  { externalId: 'refunds', title: 'Refunds', text: 'You can ask for a refund within 30 days of purchase.' },
  { externalId: 'shipping', title: 'Shipping', text: 'Parcels ship within two working days by courier.' },
  { externalId: 'passwords', title: 'Passwords', text: 'Reset your password from the sign-in page.' },
];
