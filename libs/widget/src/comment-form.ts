/// <reference lib="dom" />
import type { MessageView } from '@eloquent/client';
import { el } from './dom';

/**
 * The gateway's limit on a rating's comment (`MAX_FEEDBACK_COMMENT_CHARS` in libs/contracts,
 * docs/gateway.md "Answer review"). Repeated, not imported: importing a value from
 * `@eloquent/contracts` bundles zod into the widget (~400 KiB); comment-form.spec.ts keeps them equal.
 */
export const MAX_COMMENT_CHARS = 2000;

export interface CommentFormHost {
  /** Stores the comment with the thumbs-down (`client.rate(messageId, 'down', comment)`). */
  send(comment: string): Promise<MessageView>;
  announce(text: string): void;
  /** The form ended: `skipped` (Escape or Skip, the caller removes it) or sent (it now says thanks). */
  ended(skipped: boolean): void;
}

/**
 * The optional "what was wrong?" form offered once a thumbs-down is stored (docs/gateway.md,
 * "Client SDK, widget and demo page"). Send is enabled only with some text; a comment that
 * failed to save stays in the box with an error line; Escape or Skip dismisses the form
 * without touching the stored rating. The caller inserts it and moves focus to its textarea.
 */
export function commentForm(host: CommentFormHost): HTMLElement {
  const box = el('div', { class: 'comment', 'data-testid': 'widget-comment' });
  const form = el('form', { 'aria-label': 'Comment on this answer' });
  const text = el('textarea', { rows: '2', maxlength: String(MAX_COMMENT_CHARS), 'data-testid': 'widget-comment-text' });
  const label = el('label', {}, 'What was wrong? (optional)');
  label.append(text); // wraps the box, so no id is needed inside the shared shadow root
  const send = el('button', { type: 'submit', class: 'send', 'data-testid': 'widget-comment-send' }, 'Send');
  const skip = el('button', { type: 'button', class: 'skip', 'data-testid': 'widget-comment-skip' }, 'Skip');
  const error = el('p', { class: 'error', role: 'alert', 'data-testid': 'widget-comment-error' });
  error.hidden = true;
  const actions = el('div', { class: 'actions' });
  actions.append(send, skip);
  form.append(label, actions, error);
  box.append(form);

  let sending = false;
  const update = () => (send.disabled = sending || !text.value.trim());
  update();
  const dismiss = () => {
    if (sending) return;
    host.ended(true);
  };

  text.addEventListener('input', update);
  skip.addEventListener('click', dismiss);
  form.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation(); // closes the form, not the whole panel
    dismiss();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const comment = text.value.trim();
    if (!comment || sending) return;
    sending = true;
    update();
    skip.disabled = true;
    text.readOnly = true;
    error.hidden = true; // shown anew (and so announced again) if this try fails too
    error.textContent = '';
    form.setAttribute('aria-busy', 'true');
    host.send(comment).then(
      () => {
        box.replaceChildren(el('p', { class: 'thanks', 'data-testid': 'widget-comment-thanks' }, 'Thanks, that helps us improve.'));
        host.announce('Thanks for your comment');
        host.ended(false);
      },
      () => {
        sending = false;
        skip.disabled = false;
        text.readOnly = false;
        form.setAttribute('aria-busy', 'false');
        update();
        error.hidden = false;
        error.textContent = 'Your comment could not be sent. Please try again.';
        text.focus();
      },
    );
  });
  return box;
}
