import { startFakeAnthropic, startTestStack, type FakeAnthropic, type TestStack } from '@eloquent/testing';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page, type WebSocketRoute } from 'playwright-core';

const ARTIFACTS = join(__dirname, '../../../test-artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A realistic answer (Claude replaced by a local server speaking its wire format), cited like the real one. */
const DISPUTE_ANSWER =
  'To dispute a card transaction, open the payment in the app and choose **Report a problem** [1]. ' +
  'Pick the reason that fits best, for example a charge you do not recognise, and add any receipts you have [1].\n\n' +
  'If the merchant charged you twice or the wrong amount, contact them first: many duplicate charges are released within a few days [2].';
/** Long and slow, to stop it or drop the connection in the middle. */
const SLOW_ANSWER = `${Array.from({ length: 60 }, (_, i) => `w${i}`).join(' ')} [1]`;

/**
 * The demo page in Debian's Chromium (playwright-core): a question typed in, the answer
 * streamed over the websocket with its sources as links, the stop button, and an answer
 * that survives a dropped connection. The Content-Security-Policy is enforced throughout.
 */
describe('demo page in a browser', () => {
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
      const slow = /declined|international/.test(last);
      // Follow-ups are first rewritten into a standalone query (one non-streamed call).
      if (!request.body.stream)
        return {
          kind: 'text',
          text: /declined/.test(last)
            ? 'Why was my card payment declined?'
            : /international/.test(last)
              ? 'How long does an international transfer take?'
              : 'How do I dispute a card transaction?',
        };
      return slow ? { kind: 'text', text: SLOW_ANSWER, tokenDelayMs: 60 } : { kind: 'text', text: DISPUTE_ANSWER, tokenDelayMs: 15 };
    });
    env = await startTestStack('demopage', { ANTHROPIC_API_KEY: 'sk-ant-test-key', ANTHROPIC_BASE_URL: anthropic.url });
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
    // Every websocket of the page goes through here, so the test can cut the live one.
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      liveSocket = ws;
      const server = ws.connectToServer();
      server.onMessage((message) => {
        if (typeof message === 'string' && message.includes('"chat:token"')) tokenFrames.push(message);
        ws.send(message);
      });
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
    await anthropic?.close();
  });

  /** Asks and returns the answer's element (once the question is acknowledged). */
  const askInPage = async (question: string) => {
    const before = await page.getByTestId('answer').count();
    await page.getByTestId('question').fill(question);
    await page.getByTestId('question').press('Enter');
    const answer = page.getByTestId('answer').nth(before);
    await answer.waitFor({ timeout: 15_000 });
    return answer;
  };

  it('streams a cited answer with its sources as links and shows the mode', async () => {
    await page.goto(env.gatewayUrl);
    await page.locator('[data-testid="status"][data-state="online"]').waitFor({ timeout: 15_000 });
    const answer = await askInPage('How do I dispute a card transaction?');
    await answer.getByTestId('mode').waitFor({ timeout: 20_000 });
    expect(await answer.getByTestId('mode').textContent()).toBe('LLM');
    expect(tokenFrames.length).toBeGreaterThan(1); // streamed in several chat:token events over the websocket
    const text = await answer.locator('.text').innerText();
    expect(text).toContain('To dispute a card transaction');
    expect(text).toContain('Report a problem');

    const links = answer.getByTestId('source-link');
    expect(await links.count()).toBeGreaterThan(0);
    const href = await links.first().getAttribute('href');
    expect(href).toMatch(/^https:\/\/help\.lumenbank\.example\//);
    // the [n] markers in the text link to the same sources
    expect(await answer.locator('.text a.cite').first().getAttribute('href')).toMatch(/^https:\/\/help\.lumenbank\.example\//);

    await page.screenshot({ path: join(ARTIFACTS, 'demo-page.png'), fullPage: false });
    expect(consoleProblems).toEqual([]);
  }, 30_000);

  it('stops an answer with the stop button', async () => {
    const answer = await askInPage('Why was my card payment declined?');
    await answer.locator('.text', { hasText: 'w3' }).waitFor({ timeout: 15_000 });
    await page.getByTestId('stop').click();
    await answer.getByText('Stopped').waitFor({ timeout: 15_000 });
    expect(await answer.locator('.text').innerText()).not.toContain('w59');
    expect(await page.getByTestId('stop').isHidden()).toBe(true);
    expect(await page.getByTestId('send').isEnabled()).toBe(true);
  }, 30_000);

  it('reconnects and resumes an answer after the connection drops mid-stream', async () => {
    const answer = await askInPage('How long does an international transfer take?');
    await answer.locator('.text', { hasText: 'w5' }).waitFor({ timeout: 15_000 });
    const dropped = liveSocket!;
    await dropped.close({ code: 1006, reason: 'network drop' });
    await page.locator('[data-testid="status"][data-state="online"]').waitFor({ timeout: 15_000 });
    expect(liveSocket).not.toBe(dropped); // a new websocket
    await answer.getByTestId('mode').waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'demo-page-resumed.png') });
    const words = (await answer.locator('.text').innerText()).match(/w\d+/g);
    expect(words).toEqual(Array.from({ length: 60 }, (_, i) => `w${i}`)); // every word once, in order
    expect(consoleProblems.filter((p) => /Content Security Policy/i.test(p) || p.startsWith('page error'))).toEqual([]);
  }, 30_000);
});
