/** The demo host page's own stylesheet (GET /demo/app.css); the widget brings its own (widget.css). */
export const PAGE_CSS = `
:root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2433; background: #f5f6f8; }
body { margin: 0 auto; max-width: 760px; padding: 0 20px 120px; }
.bar { display: flex; align-items: center; gap: 14px; padding: 24px 0 16px; border-bottom: 1px solid #e4e7ec; }
.logo { width: 40px; height: 40px; border-radius: 10px; background: #2f5bea; color: #fff; display: grid; place-items: center; font-weight: 700; font-size: 20px; }
h1 { font-size: 20px; margin: 0; }
.bar p { margin: 2px 0 0; color: #667085; font-size: 14px; }
h2 { font-size: 16px; margin-top: 28px; }
.topics li { margin: 6px 0; }
pre { background: #fff; border: 1px solid #e4e7ec; border-radius: 8px; padding: 12px; overflow-x: auto; }
a { color: #2f5bea; }
`;
