/**
 * The demo page (GET /): a stand-in help-center page that embeds the chat widget the way
 * any site would, with one script tag. Plain HTML: no inline script or style, so it
 * passes the strict Content-Security-Policy (http/security-headers.ts).
 */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Lumen Bank help center · Eloquent demo</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/demo/app.css">
  <script src="/widget/widget.js" data-eloquent-url="/" data-eloquent-title="Lumen Bank help" defer></script>
</head>
<body>
  <header class="bar">
    <span class="logo" aria-hidden="true">L</span>
    <div>
      <h1>Lumen Bank help center</h1>
      <p>A demo page for Eloquent: the chat bubble in the corner is the embeddable widget.</p>
    </div>
  </header>
  <main>
    <h2>Popular topics</h2>
    <ul class="topics">
      <li>Disputing a card transaction</li>
      <li>International transfers and their fees</li>
      <li>Freezing and replacing a card</li>
      <li>ATM withdrawals abroad</li>
    </ul>
    <h2>Put it on your site</h2>
    <pre><code>&lt;script src="https://your-gateway/widget/widget.js"
        data-eloquent-url="https://your-gateway" defer&gt;&lt;/script&gt;</code></pre>
    <p>Answers are cited from the knowledge base; the badge under each says whether an AI wrote it or it is an extract from the help center.
      API: <a href="/docs">REST (OpenAPI)</a> · <a href="/docs/asyncapi.json">socket events (AsyncAPI)</a>.</p>
  </main>
</body>
</html>
`;
