/// <reference lib="dom" />
import type { SuggestedArticle } from '@eloquent/client';
import { el } from './dom';

/**
 * The articles an abstention offers (docs/chat.md, "Suggested articles"), under the answer:
 * one button per article, labelled with its title, which is a question the help center
 * answers. Pressing one asks that title in the same chat, so the visitor is one click from the
 * article's answer instead of at a dead end. Once one has been asked, the group is disabled:
 * the conversation has moved on. (`ask` says whether it asked: not while another answer streams.)
 */
export function suggestedArticleButtons(articles: readonly SuggestedArticle[], ask: (title: string) => boolean): HTMLElement {
  const section = el('section', { class: 'suggested', 'aria-label': 'Suggested articles', 'data-testid': 'widget-suggested' });
  section.append(el('h3', {}, 'Were you asking about one of these?'));
  const list = el('ul');
  const buttons = articles.map((article) => {
    const button = el('button', { type: 'button', class: 'suggestion', 'data-testid': 'widget-suggestion' }, article.title);
    button.addEventListener('click', () => {
      if (ask(article.title)) buttons.forEach((b) => (b.disabled = true));
    });
    const item = el('li');
    item.append(button);
    list.append(item);
    return button;
  });
  section.append(list);
  return section;
}
