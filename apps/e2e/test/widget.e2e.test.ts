import { MAX_FEEDBACK_COMMENT_CHARS } from '@eloquent/contracts';
import { startFakeAnthropic, startTestStack, waitFor, type FakeAnthropic, type TestStack } from '@eloquent/testing';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page, type WebSocketRoute } from 'playwright-core';

const ARTIFACTS = join(__dirname, '../../../test-artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ADMIN_KEY = 'e2e-widget-admin-key-0123456789';

/** A realistic answer (Claude replaced by a local server speaking its wire format), cited like the real one. */
const DISPUTE_ANSWER =
  'To dispute a card transaction, open the payment in the app and choose **Report a problem** [1]. ' +
  'Pick the reason that fits best, for example a charge you do not recognise, and add any receipts you have [1].\n\n' +
  'If the merchant charged you twice or the wrong amount, contact them first: many duplicate charges are released within a few days [2].';
/** Long and slow, to stop it or drop the connection in the middle. */
const SLOW_ANSWER = `${Array.from({ length: 60 }, (_, i) => `w${i}`).join(' ')} [1]`;
/** An answer that itself carries markup, as a prompt-injected model might write. */
const HOSTILE_ANSWER = 'Zorblax fees: <img src=x onerror="window.__xss=\'answer\'"> see [the article](javascript:window.__xss=1) [1]';

/** A knowledge-base article whose title, body and URL carry script and markup payloads. */
const HOSTILE_ARTICLE = {
  externalId: 'zorblax-hostile',
  title: '<img src=x onerror="window.__xss=\'title\'">Zorblax <script>window.__xss="script"</script>fees',
  url: 'javascript:window.__xss="url"',
  text:
    'Zorblax fees are charged monthly. <img src=x onerror="window.__xss=\'body\'"> ' +
    '<a href="javascript:window.__xss=\'link\'">Zorblax refund</a> ' +
    'The zorblax fee is waived for premium accounts. Zorblax questions go to support.',
};

declare global {
  interface Window {
    __xss?: unknown;
    __cspViolations?: string[];
  }
}

/**
 * The embeddable widget (one script tag on the demo page at `/`) in Debian's Chromium
 * (playwright-core): opened from the bubble by keyboard, a question asked, the answer
 * streamed with its citations as links and its mode, rated with the thumbs (a thumbs-down
 * with a comment), the stop
 * button, an answer that survives a dropped connection, and hostile knowledge-base content
 * shown as inert text.
 * The page's strict Content-Security-Policy is enforced throughout.
 */
describe('chat widget in a browser', () => {
  let anthropic: FakeAnthropic;
  let env: TestStack;
  let browser: Browser;
  let page: Page;
  const consoleProblems: string[] = [];
  const tokenFrames: string[] = [];
  let liveSocket: WebSocketRoute | undefined;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    anthropic = await startFakeAnthropic((request) => {
      const last = JSON.stringify(request.body.messages.at(-1)?.content ?? '');
      // Follow-ups are first rewritten into a standalone query (one non-streamed call).
      if (!request.body.stream) {
        const standalone = /zorblax/i.test(last)
          ? 'What are the zorblax fees?'
          : /where I live/.test(last)
            ? 'I moved house, where do I update where I live?'
            : /personal details/.test(last)
              ? 'How do I change my personal details?'
              : /declined/.test(last)
                ? 'Why was my card payment declined?'
                : /international/.test(last)
                  ? 'How long does an international transfer take?'
                  : 'How do I dispute a card transaction?';
        return { kind: 'text', text: standalone };
      }
      if (/zorblax/i.test(last)) return { kind: 'text', text: HOSTILE_ANSWER, tokenDelayMs: 5 };
      // Claude finds the passages do not answer it: an abstention that suggests articles.
      if (/where I live/.test(last)) return { kind: 'text', text: '[[NO_ANSWER]]' };
      return /declined|international/.test(last)
        ? { kind: 'text', text: SLOW_ANSWER, tokenDelayMs: 60 }
        : { kind: 'text', text: DISPUTE_ANSWER, tokenDelayMs: 15 };
    });
    env = await startTestStack('widget', { ANTHROPIC_API_KEY: 'sk-ant-test-key', ANTHROPIC_BASE_URL: anthropic.url, ADMIN_API_KEY: ADMIN_KEY });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-quic',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) consoleProblems.push(message.text());
    });
    page.on('pageerror', (error) => consoleProblems.push(`page error: ${error.message}`));
    page.on('dialog', (dialog) => {
      consoleProblems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    // Injected by the test harness (not by the page), so the policy does not apply to it.
    await page.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (event) => window.__cspViolations!.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
    // Every websocket of the page goes through here, so the test can cut the live one.
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      liveSocket = ws;
      const server = ws.connectToServer();
      server.onMessage((message) => {
        if (typeof message === 'string' && message.includes('"chat:token"')) tokenFrames.push(message);
        ws.send(message);
      });
    });
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
    await anthropic?.close();
  }, 60_000);

  const cspViolations = () => page.evaluate(() => window.__cspViolations ?? []);
  /** The element focused inside the widget's shadow root. */
  const focusedInWidget = () =>
    page.evaluate(() => document.querySelector('[data-testid="eloquent-widget"]')?.shadowRoot?.activeElement?.getAttribute('data-testid'));

  /** An answer's feedback as stored, read over REST with the page's anonymous session (as its asker). */
  const storedFeedback = async (answer: Locator) => {
    const cookie = (await page.context().cookies(env.gatewayUrl)).map((c) => `${c.name}=${c.value}`).join('; ');
    const messageId = await answer.getAttribute('data-message-id');
    const response = await fetch(`${env.gatewayUrl}/v1/messages/${messageId}`, { headers: { cookie } });
    return ((await response.json()) as { feedback?: { rating: string; comment?: string } }).feedback;
  };

  /** Asks and returns the answer's element. */
  const askInWidget = async (question: string): Promise<Locator> => {
    const before = await page.getByTestId('widget-answer').count();
    await page.getByTestId('widget-question').fill(question);
    await page.getByTestId('widget-question').press('Enter');
    const answer = page.getByTestId('widget-answer').nth(before);
    await answer.waitFor({ timeout: 15_000 });
    return answer;
  };

  it('opens from the bubble by keyboard, streams a cited answer with its sources as links, and shows the mode', async () => {
    await page.goto(env.gatewayUrl);
    const bubble = page.getByTestId('widget-bubble');
    await bubble.waitFor({ timeout: 15_000 });
    expect(await bubble.getAttribute('aria-expanded')).toBe('false');
    await bubble.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('widget-panel').waitFor({ state: 'visible' });
    expect(await bubble.getAttribute('aria-expanded')).toBe('true');
    expect(await focusedInWidget()).toBe('widget-question'); // focus moved into the panel
    expect(await page.getByTestId('widget-log').getAttribute('role')).toBe('log');
    await page.locator('[data-testid="widget-status"][data-state="online"]').waitFor({ timeout: 15_000 });

    const answer = await askInWidget('How do I dispute a card transaction?');
    await answer.getByTestId('widget-mode').waitFor({ timeout: 20_000 });
    expect(await answer.getByTestId('widget-mode').textContent()).toBe('AI answer');
    expect(await answer.getAttribute('aria-busy')).toBe('false');
    expect(tokenFrames.length).toBeGreaterThan(1); // streamed in several chat:token events over the websocket
    const text = await answer.getByTestId('widget-answer-text').innerText();
    expect(text).toContain('To dispute a card transaction');
    expect(text).toContain('Report a problem');

    const links = answer.getByTestId('widget-source-link');
    expect(await links.count()).toBeGreaterThan(0);
    expect(await links.first().getAttribute('href')).toMatch(/^https:\/\/help\.lumenbank\.example\//);
    expect(await links.first().getAttribute('rel')).toBe('noopener noreferrer');
    // the [n] markers in the text link to the same sources
    expect(await answer.locator('.text a.cite').first().getAttribute('href')).toMatch(/^https:\/\/help\.lumenbank\.example\//);

    await page.screenshot({ path: join(ARTIFACTS, 'widget.png'), fullPage: false });
    expect(consoleProblems).toEqual([]);
    expect(await cspViolations()).toEqual([]);
  }, 60_000);

  it('rates a complete answer with the thumbs: pressed state as stored, replaced, withdrawn', async () => {
    const answer = page.getByTestId('widget-answer').first();
    const up = answer.getByTestId('widget-rate-up');
    const down = answer.getByTestId('widget-rate-down');
    expect(await answer.getByTestId('widget-feedback').getAttribute('aria-label')).toBe('Rate this answer');
    expect([await up.getAttribute('aria-label'), await down.getAttribute('aria-label')]).toEqual(['Helpful answer', 'Not helpful']);
    expect([await up.getAttribute('aria-pressed'), await down.getAttribute('aria-pressed')]).toEqual(['false', 'false']);

    const stored = () => storedFeedback(answer);

    await up.click();
    await answer.locator('[data-testid="widget-rate-up"][aria-pressed="true"]').waitFor({ timeout: 10_000 });
    expect(await down.getAttribute('aria-pressed')).toBe('false');
    expect(await stored()).toEqual({ rating: 'up', at: expect.any(String) });
    await page.screenshot({ path: join(ARTIFACTS, 'widget-rated.png') });

    await down.click();
    await answer.locator('[data-testid="widget-rate-down"][aria-pressed="true"]').waitFor({ timeout: 10_000 });
    expect(await up.getAttribute('aria-pressed')).toBe('false');
    expect(await stored()).toMatchObject({ rating: 'down' });

    await down.click(); // pressing the pressed thumb withdraws the rating
    await answer.locator('[data-testid="widget-rate-down"][aria-pressed="false"]').waitFor({ timeout: 10_000 });
    expect(await stored()).toBeUndefined();
    expect(consoleProblems).toEqual([]);
    expect(await cspViolations()).toEqual([]);
  }, 60_000);

  it('offers a comment after a thumbs-down: sent and stored, kept after a failed send, dismissed by Escape or Skip', async () => {
    const answer = page.getByTestId('widget-answer').first();
    const up = answer.getByTestId('widget-rate-up');
    const down = answer.getByTestId('widget-rate-down');
    const form = answer.getByTestId('widget-comment');
    const box = answer.getByTestId('widget-comment-text');
    const send = answer.getByTestId('widget-comment-send');
    const stored = () => storedFeedback(answer);
    expect(await form.count()).toBe(0); // withdrawn by the previous test: no form

    await down.click();
    await box.waitFor({ timeout: 10_000 });
    expect(await focusedInWidget()).toBe('widget-comment-text'); // focus moved into the form
    expect(await answer.getByLabel('What was wrong? (optional)').getAttribute('data-testid')).toBe('widget-comment-text');
    expect(await box.getAttribute('maxlength')).toBe(String(MAX_FEEDBACK_COMMENT_CHARS));
    expect(await send.isDisabled()).toBe(true);
    await box.fill('   ');
    expect(await send.isDisabled()).toBe(true); // whitespace is no comment

    // Over the gateway's limit (set by script: the box's maxlength stops typing it): the gateway
    // refuses it, the form stays with an error line and the text.
    const tooLong = 'x'.repeat(MAX_FEEDBACK_COMMENT_CHARS + 1);
    await box.evaluate((node, value) => {
      (node as HTMLTextAreaElement).value = value;
      node.dispatchEvent(new Event('input'));
    }, tooLong);
    await send.click();
    await answer.getByTestId('widget-comment-error').waitFor({ timeout: 10_000 });
    expect(await box.inputValue()).toBe(tooLong);
    expect(await stored()).toEqual({ rating: 'down', at: expect.any(String) });

    await box.fill('  It is about a card I no longer have.  ');
    await page.screenshot({ path: join(ARTIFACTS, 'widget-comment-form.png') });
    await send.click();
    await answer.getByTestId('widget-comment-thanks').waitFor({ timeout: 10_000 });
    expect(await box.count()).toBe(0);
    expect(await focusedInWidget()).toBe('widget-rate-down'); // back to the rating
    expect(await stored()).toEqual({ rating: 'down', comment: 'It is about a card I no longer have.', at: expect.any(String) });
    await page.screenshot({ path: join(ARTIFACTS, 'widget-comment-sent.png') });

    await up.click(); // thumbs-up removes the form (here its thanks)
    await answer.locator('[data-testid="widget-rate-up"][aria-pressed="true"]').waitFor({ timeout: 10_000 });
    expect(await form.count()).toBe(0);

    await down.click();
    await box.waitFor({ timeout: 10_000 });
    const before = await stored();
    expect(before).toEqual({ rating: 'down', at: expect.any(String) }); // a new rating drops the old comment
    await box.fill('never mind');
    await page.keyboard.press('Escape'); // closes the form, not the panel
    await form.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await page.getByTestId('widget-panel').isVisible()).toBe(true);
    expect(await focusedInWidget()).toBe('widget-rate-down');
    expect(await down.getAttribute('aria-pressed')).toBe('true');
    expect(await stored()).toEqual(before);

    await up.click();
    await answer.locator('[data-testid="widget-rate-up"][aria-pressed="true"]').waitFor({ timeout: 10_000 });
    await down.click();
    await box.waitFor({ timeout: 10_000 });
    const again = await stored();
    await answer.getByTestId('widget-comment-skip').click();
    await form.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await stored()).toEqual(again);
    expect(again).toEqual({ rating: 'down', at: expect.any(String) });

    await down.click(); // withdrawn: the form goes with the rating
    await answer.locator('[data-testid="widget-rate-down"][aria-pressed="false"]').waitFor({ timeout: 10_000 });
    expect(await form.count()).toBe(0);
    expect(consoleProblems).toEqual([]);
    expect(await cspViolations()).toEqual([]);
  }, 90_000);

  it('offers the articles an abstention suggests as buttons that ask their titles', async () => {
    const refused = await askInWidget('I moved house, where do I update where I live?');
    const suggested = refused.getByTestId('widget-suggested');
    await suggested.waitFor({ timeout: 20_000 });
    expect(await suggested.getAttribute('aria-label')).toBe('Suggested articles');
    const buttons = suggested.getByTestId('widget-suggestion');
    const titles = await buttons.allInnerTexts();
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.length).toBeLessThanOrEqual(3);
    expect(titles).toContain('How do I change my personal details?');
    expect(await refused.getByTestId('widget-sources').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'widget-suggested.png') });

    // Picking one asks its title in the same chat, and the article answers it.
    await buttons.filter({ hasText: 'How do I change my personal details?' }).click();
    const asked = page.getByTestId('widget-user-message').last();
    await asked.waitFor({ timeout: 10_000 });
    expect(await asked.innerText()).toBe('How do I change my personal details?');
    const answer = page.getByTestId('widget-answer').last();
    await answer.getByTestId('widget-mode').waitFor({ timeout: 20_000 });
    expect(await answer.getByTestId('widget-source-link').first().getAttribute('href')).toBe(
      'https://help.lumenbank.example/accounts/change-your-personal-details',
    );
    expect(await answer.getByTestId('widget-suggested').count()).toBe(0);
    // The conversation moved on: the suggestions cannot be asked again.
    expect(await buttons.evaluateAll((all) => all.every((b) => (b as HTMLButtonElement).disabled))).toBe(true);
    // The pick is stored on the abstention, which the review list of picks then shows (docs/chat.md, "Suggested articles", Picks).
    const reviewed = await waitFor('the pick to reach the review list', async () => {
      const review = (await (await fetch(`${env.gatewayUrl}/v1/answers/review?filter=picked`, { headers: { 'x-admin-key': ADMIN_KEY } })).json()) as {
        answers: Array<{ question: string; answer: { suggestedArticles?: Array<{ documentId: string; url?: string }>; suggestionPicked?: string } }>;
      };
      return review.answers.find((a) => a.question === 'I moved house, where do I update where I live?')?.answer;
    });
    expect(reviewed.suggestionPicked).toBe(reviewed.suggestedArticles!.find((a) => a.url!.endsWith('/change-your-personal-details'))!.documentId);
    expect(consoleProblems).toEqual([]);
    expect(await cspViolations()).toEqual([]);
  }, 60_000);

  it('shows the reply to small talk without a mode badge or rating buttons (docs/chat.md, "Small talk")', async () => {
    const calls = anthropic.exchanges.length;
    const reply = await askInWidget('hi there!');
    await reply.and(page.locator('[aria-busy="false"]')).waitFor({ timeout: 15_000 });
    expect(await reply.getByTestId('widget-answer-text').innerText()).toMatch(/^Hello! What can I help you with\?/);
    expect(await reply.getByTestId('widget-mode').count()).toBe(0);
    expect(await reply.getByTestId('widget-feedback').count()).toBe(0);
    expect(await reply.getByTestId('widget-sources').count()).toBe(0);
    expect(anthropic.exchanges.length).toBe(calls); // Claude was not asked
    expect(consoleProblems).toEqual([]);
  }, 60_000);

  it('stops an answer with the stop button', async () => {
    const answer = await askInWidget('Why was my card payment declined?');
    await answer.locator('.text', { hasText: 'w3' }).waitFor({ timeout: 15_000 });
    await page.getByTestId('widget-stop').click();
    await answer.getByText('Stopped').waitFor({ timeout: 15_000 });
    expect(await answer.getByTestId('widget-answer-text').innerText()).not.toContain('w59');
    expect(await page.getByTestId('widget-stop').isHidden()).toBe(true);
    expect(await page.getByTestId('widget-send').isEnabled()).toBe(true);
    expect(await answer.getByTestId('widget-feedback').count()).toBe(0); // only a complete answer is rated
  }, 60_000);

  it('resumes an answer after the connection drops mid-stream', async () => {
    const answer = await askInWidget('How long does an international transfer take?');
    await answer.locator('.text', { hasText: 'w5' }).waitFor({ timeout: 15_000 });
    const dropped = liveSocket!;
    await dropped.close({ code: 1006, reason: 'network drop' });
    await page.locator('[data-testid="widget-status"][data-state="online"]').waitFor({ timeout: 15_000 });
    expect(liveSocket).not.toBe(dropped); // a new websocket
    await answer.getByTestId('widget-mode').waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'widget-resumed.png') });
    const words = (await answer.getByTestId('widget-answer-text').innerText()).match(/w\d+/g);
    expect(words).toEqual(Array.from({ length: 60 }, (_, i) => `w${i}`)); // every word once, in order
    expect(consoleProblems.filter((p) => /Content Security Policy/i.test(p) || p.startsWith('page error'))).toEqual([]);
    expect(await cspViolations()).toEqual([]);
  }, 60_000);

  it('shows an article carrying script and markup payloads as inert text', async () => {
    const response = await fetch(`${env.gatewayUrl}/v1/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-admin-key': ADMIN_KEY },
      body: JSON.stringify({ documents: [HOSTILE_ARTICLE] }),
    });
    expect(response.status).toBe(202);
    const { jobId } = (await response.json()) as { jobId: string };
    await waitFor(
      'the hostile article to be indexed',
      async () => {
        const job = (await (await fetch(`${env.gatewayUrl}/v1/ingest-jobs/${jobId}`, { headers: { 'x-admin-key': ADMIN_KEY } })).json()) as { state: string };
        return job.state === 'completed';
      },
      30_000,
      100,
    );
    await waitFor('the index to follow', async () => {
      const search = await fetch(`${env.gatewayUrl}/v1/search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-admin-key': ADMIN_KEY },
        body: JSON.stringify({ query: 'zorblax fees', topK: 1 }),
      });
      return ((await search.json()) as { chunks: Array<{ externalId: string }> }).chunks[0]?.externalId === HOSTILE_ARTICLE.externalId;
    });

    const answer = await askInWidget('What are the zorblax fees?');
    await answer.getByTestId('widget-mode').waitFor({ timeout: 20_000 });
    const text = await answer.getByTestId('widget-answer-text').innerText();
    expect(text).toContain('<img src=x onerror="window.__xss=\'answer\'">'); // shown, not parsed

    const title = answer.getByTestId('widget-source-title').first();
    expect(await title.innerText()).toContain('<script>window.__xss="script"</script>');
    expect(await answer.getByTestId('widget-sources').innerText()).toContain('<img src=x');
    // The javascript: URL is not a link, anywhere; no element came out of the payloads.
    const inWidget = await page.evaluate(() => {
      const root = document.querySelector('[data-testid="eloquent-widget"]')!.shadowRoot!;
      return {
        images: root.querySelectorAll('img').length,
        scripts: root.querySelectorAll('script').length,
        hrefs: Array.from(root.querySelectorAll('a'), (a) => a.getAttribute('href') ?? ''),
      };
    });
    expect(inWidget.images).toBe(0);
    expect(inWidget.scripts).toBe(0);
    expect(inWidget.hrefs.filter((href) => !/^https?:\/\//.test(href))).toEqual([]);
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();
    expect(consoleProblems).toEqual([]);
    expect(await cspViolations()).toEqual([]);
  }, 90_000);

  it('closes with Escape and gives focus back to the bubble', async () => {
    await page.getByTestId('widget-question').focus();
    await page.keyboard.press('Escape');
    await page.getByTestId('widget-panel').waitFor({ state: 'hidden' });
    expect(await page.getByTestId('widget-bubble').getAttribute('aria-expanded')).toBe('false');
    expect(await focusedInWidget()).toBe('widget-bubble');
  }, 30_000);
});
