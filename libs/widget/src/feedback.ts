/// <reference lib="dom" />
import type { FeedbackRating, MessageView } from '@eloquent/client';
import { commentForm } from './comment-form';
import { el } from './dom';

const THUMBS: Array<{ rating: FeedbackRating; label: string }> = [
  { rating: 'up', label: 'Helpful answer' },
  { rating: 'down', label: 'Not helpful' },
];

const SVG = 'http://www.w3.org/2000/svg';
/** A thumb pointing up (Material Icons' `thumb_up`, Apache-2.0); down is the same turned over. */
const THUMB_PATH =
  'M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z';

/** The icon as DOM nodes (not an emoji: not every system has a font for it; not markup in a string). */
function thumbIcon(rating: FeedbackRating): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  for (const [name, value] of Object.entries({ viewBox: '0 0 24 24', width: '14', height: '14', 'aria-hidden': 'true', focusable: 'false' }))
    svg.setAttribute(name, value);
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', THUMB_PATH);
  path.setAttribute('fill', 'currentColor');
  if (rating === 'down') path.setAttribute('transform', 'rotate(180 12 12)');
  svg.append(path);
  return svg;
}

/**
 * Thumbs up / down under an answer that has ended (docs/gateway.md, "Client SDK, widget and
 * demo page"). Toggle buttons (`aria-pressed`): pressing the pressed one withdraws the rating.
 * The pressed state is what the gateway stored (the acknowledgement's `feedback`), so a rating
 * that failed to save never shows as given; the outcome is announced to screen readers.
 * A stored thumbs-down opens the optional comment form (comment-form.ts) after the group;
 * any later rating removes it.
 */
export function feedbackButtons(
  rate: (rating: FeedbackRating | null, comment?: string) => Promise<MessageView>,
  announce: (text: string) => void,
): HTMLElement {
  const group = el('div', { class: 'feedback', role: 'group', 'aria-label': 'Rate this answer', 'data-testid': 'widget-feedback' });
  const buttons = THUMBS.map(({ rating, label }) => {
    const button = el('button', {
      type: 'button',
      class: 'thumb',
      'data-rating': rating,
      'aria-pressed': 'false',
      'aria-label': label,
      'data-testid': `widget-rate-${rating}`,
    });
    button.append(thumbIcon(rating));
    return button;
  });
  const down = buttons.find((b) => b.dataset.rating === 'down')!;
  const show = (stored: FeedbackRating | undefined) => {
    for (const button of buttons) button.setAttribute('aria-pressed', String(button.dataset.rating === stored));
  };
  /** The thumbs wait while a rating or a comment is saving, so the state shown is the one stored last. */
  const save = (rating: FeedbackRating | null, text?: string) => {
    buttons.forEach((b) => (b.disabled = true));
    group.setAttribute('aria-busy', 'true');
    return rate(rating, text)
      .then((message) => {
        show(message.feedback?.rating);
        return message;
      })
      .finally(() => {
        buttons.forEach((b) => (b.disabled = false));
        group.setAttribute('aria-busy', 'false');
      });
  };
  let comment: HTMLElement | undefined;
  const openComment = () => {
    comment = commentForm({
      send: (text) => save('down', text),
      announce,
      ended: (skipped) => {
        if (skipped) closeComment();
        down.focus(); // back to the rating the form was about
      },
    });
    group.after(comment);
    comment.querySelector('textarea')?.focus();
  };
  const closeComment = () => {
    comment?.remove();
    comment = undefined;
  };
  for (const button of buttons) {
    button.addEventListener('click', () => {
      const pressed = button.getAttribute('aria-pressed') === 'true';
      save(pressed ? null : (button.dataset.rating as FeedbackRating)).then(
        (message) => {
          announce(message.feedback ? 'Thanks for your feedback' : 'Rating removed');
          closeComment();
          if (message.feedback?.rating === 'down') openComment();
        },
        () => announce('Your rating could not be saved. Please try again.'),
      );
    });
  }
  group.append(...buttons);
  return group;
}
