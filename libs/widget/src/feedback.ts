/// <reference lib="dom" />
import type { FeedbackRating, MessageView } from '@eloquent/client';
import { el } from './dom';

const THUMBS: Array<{ rating: FeedbackRating; glyph: string; label: string }> = [
  { rating: 'up', glyph: '👍', label: 'Helpful answer' },
  { rating: 'down', glyph: '👎', label: 'Not helpful' },
];

/**
 * Thumbs up / down under an answer that has ended (docs/gateway.md, "Client SDK, widget and
 * demo page"). Toggle buttons (`aria-pressed`): pressing the pressed one withdraws the rating.
 * The pressed state is what the gateway stored (the acknowledgement's `feedback`), so a rating
 * that failed to save never shows as given; the outcome is announced to screen readers.
 */
export function feedbackButtons(rate: (rating: FeedbackRating | null) => Promise<MessageView>, announce: (text: string) => void): HTMLElement {
  const group = el('div', { class: 'feedback', role: 'group', 'aria-label': 'Rate this answer', 'data-testid': 'widget-feedback' });
  const buttons = THUMBS.map(({ rating, glyph, label }) => {
    const button = el('button', {
      type: 'button',
      class: 'thumb',
      'data-rating': rating,
      'aria-pressed': 'false',
      'aria-label': label,
      'data-testid': `widget-rate-${rating}`,
    });
    button.append(el('span', { 'aria-hidden': 'true' }, glyph));
    return button;
  });
  const show = (stored: FeedbackRating | undefined) => {
    for (const button of buttons) button.setAttribute('aria-pressed', String(button.dataset.rating === stored));
  };
  for (const button of buttons) {
    button.addEventListener('click', () => {
      const pressed = button.getAttribute('aria-pressed') === 'true';
      buttons.forEach((b) => (b.disabled = true));
      group.setAttribute('aria-busy', 'true');
      rate(pressed ? null : (button.dataset.rating as FeedbackRating))
        .then(
          (message) => {
            show(message.feedback?.rating);
            announce(message.feedback ? 'Thanks for your feedback' : 'Rating removed');
          },
          () => announce('Your rating could not be saved. Please try again.'),
        )
        .finally(() => {
          buttons.forEach((b) => (b.disabled = false));
          group.setAttribute('aria-busy', 'false');
        });
    });
  }
  group.append(...buttons);
  return group;
}
