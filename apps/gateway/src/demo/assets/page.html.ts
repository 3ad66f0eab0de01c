/**
 * The demo page (GET /). Plain HTML: no inline script or style, so it passes the strict
 * Content-Security-Policy (http/security-headers.ts). The socket.io client comes from
 * socket.io itself (/socket.io/socket.io.min.js, served from node_modules/socket.io/client-dist).
 */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Eloquent · Lumen Bank help</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/demo/app.css">
  <script src="/socket.io/socket.io.min.js" defer></script>
  <script src="/demo/app.js" defer></script>
</head>
<body>
  <div class="app">
    <header class="bar">
      <div class="brand">
        <span class="logo" aria-hidden="true">E</span>
        <div>
          <h1>Eloquent</h1>
          <p>Cited answers from the Lumen Bank help center</p>
        </div>
      </div>
      <div class="status" id="status" data-state="connecting" data-testid="status">
        <span class="dot" aria-hidden="true"></span><span id="status-text">Connecting…</span>
      </div>
    </header>

    <main class="log" id="log" aria-live="polite">
      <section class="welcome" id="welcome">
        <h2>How can we help?</h2>
        <p>Ask anything about cards, payments, transfers or your account. Every answer links to the articles it comes from.</p>
        <div class="suggestions" id="suggestions">
          <button type="button" class="chip">How do I dispute a card transaction?</button>
          <button type="button" class="chip">How long does an international transfer take?</button>
          <button type="button" class="chip">What are the ATM withdrawal fees?</button>
        </div>
      </section>
    </main>

    <form class="composer" id="composer" autocomplete="off">
      <label class="sr-only" for="question">Your question</label>
      <textarea id="question" name="question" rows="1" maxlength="4000" placeholder="Ask a question…" data-testid="question"></textarea>
      <button type="submit" class="send" id="send" data-testid="send">Send</button>
      <button type="button" class="stop" id="stop" data-testid="stop" hidden>Stop</button>
    </form>
    <p class="foot">Enter to send · Shift+Enter for a new line · <a href="/docs">API</a></p>
  </div>
</body>
</html>
`;
