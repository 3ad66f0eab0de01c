/** The demo page's stylesheet (GET /demo/app.css). */
export const PAGE_CSS = `
:root {
  --bg: #f5f6f8;
  --panel: #ffffff;
  --ink: #1d2433;
  --muted: #667085;
  --line: #e4e7ec;
  --accent: #3a56d4;
  --accent-ink: #ffffff;
  --user: #3a56d4;
  --cite: #e9edfc;
  --warn: #b42318;
  --warn-bg: #fef3f2;
  --ok: #12b76a;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink);
  background: var(--bg);
}
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { display: flex; justify-content: center; }
.app { width: 100%; max-width: 820px; height: 100vh; display: flex; flex-direction: column; padding: 0 16px; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }

.bar { display: flex; align-items: center; justify-content: space-between; padding: 18px 4px 14px; border-bottom: 1px solid var(--line); }
.brand { display: flex; align-items: center; gap: 12px; }
.logo { width: 38px; height: 38px; border-radius: 10px; background: var(--accent); color: var(--accent-ink); display: grid; place-items: center; font-weight: 700; font-size: 20px; }
.brand h1 { font-size: 18px; margin: 0; letter-spacing: -0.01em; }
.brand p { margin: 2px 0 0; color: var(--muted); font-size: 13px; }
.status { display: flex; align-items: center; gap: 8px; font-size: 13px; color: var(--muted); background: var(--panel); border: 1px solid var(--line); border-radius: 999px; padding: 5px 12px; }
.status .dot { width: 8px; height: 8px; border-radius: 50%; background: #f79009; }
.status[data-state="online"] .dot { background: var(--ok); }
.status[data-state="offline"] .dot { background: var(--warn); }

.log { flex: 1; overflow-y: auto; padding: 20px 4px; display: flex; flex-direction: column; gap: 16px; }
.welcome { margin: auto 0; text-align: center; padding: 24px; }
.welcome h2 { margin: 0 0 6px; font-size: 22px; }
.welcome p { margin: 0 auto 18px; color: var(--muted); max-width: 480px; line-height: 1.5; }
.suggestions { display: flex; flex-wrap: wrap; gap: 8px; justify-content: center; }
.chip { border: 1px solid var(--line); background: var(--panel); color: var(--ink); border-radius: 999px; padding: 8px 14px; font: inherit; font-size: 14px; cursor: pointer; }
.chip:hover { border-color: var(--accent); color: var(--accent); }

.msg { max-width: 88%; line-height: 1.55; font-size: 15px; }
.msg.user { align-self: flex-end; background: var(--user); color: #fff; padding: 10px 14px; border-radius: 16px 16px 4px 16px; white-space: pre-wrap; }
.msg.assistant { align-self: flex-start; background: var(--panel); border: 1px solid var(--line); border-radius: 16px 16px 16px 4px; padding: 14px 16px; box-shadow: 0 1px 2px rgba(16, 24, 40, 0.04); }
.msg.assistant .text p { margin: 0 0 10px; }
.msg.assistant .text p:last-child { margin-bottom: 0; }
.msg.assistant .text ul, .msg.assistant .text ol { margin: 0 0 10px; padding-left: 22px; }
.msg.assistant .text code { background: #f2f4f7; padding: 1px 5px; border-radius: 4px; font-size: 0.92em; }
.msg.assistant .text em { color: var(--muted); }
.msg.streaming .text::after { content: ""; display: inline-block; width: 7px; height: 15px; margin-left: 2px; vertical-align: -2px; background: var(--accent); animation: blink 1s steps(2) infinite; }
@keyframes blink { 50% { opacity: 0; } }
.cite { display: inline-block; min-width: 18px; padding: 0 5px; margin: 0 1px; border-radius: 5px; background: var(--cite); color: var(--accent); font-size: 11px; font-weight: 600; line-height: 17px; text-align: center; text-decoration: none; vertical-align: 1px; }
a.cite:hover { background: var(--accent); color: #fff; }

.meta { display: flex; align-items: center; gap: 8px; margin-top: 12px; font-size: 12px; color: var(--muted); }
.mode { border-radius: 999px; padding: 2px 9px; font-weight: 600; font-size: 11px; text-transform: uppercase; letter-spacing: 0.04em; background: #f2f4f7; color: var(--muted); }
.mode[data-mode="llm"] { background: #ecfdf3; color: #027a48; }
.mode[data-mode="retrieval-only"] { background: #fffaeb; color: #b54708; }
.note { color: var(--muted); }
.msg.failed { border-color: #fecdca; }
.error { margin-top: 10px; background: var(--warn-bg); color: var(--warn); border-radius: 8px; padding: 8px 10px; font-size: 13px; }

.sources { margin: 14px 0 0; padding: 12px 0 0; border-top: 1px solid var(--line); list-style: none; display: grid; gap: 8px; }
.sources h3 { margin: 0 0 2px; font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); }
.source { display: flex; gap: 10px; align-items: flex-start; font-size: 13.5px; }
.source .n { flex: none; }
.source a.title { color: var(--accent); font-weight: 600; text-decoration: none; }
.source a.title:hover { text-decoration: underline; }
.source p { margin: 2px 0 0; color: var(--muted); font-size: 12.5px; line-height: 1.45; }

.system { align-self: center; font-size: 13px; color: var(--warn); background: var(--warn-bg); border-radius: 999px; padding: 6px 14px; }

.composer { display: flex; gap: 8px; align-items: flex-end; background: var(--panel); border: 1px solid var(--line); border-radius: 14px; padding: 8px; box-shadow: 0 4px 16px rgba(16, 24, 40, 0.06); }
.composer:focus-within { border-color: var(--accent); }
.composer textarea { flex: 1; border: 0; outline: 0; resize: none; font: inherit; font-size: 15px; line-height: 1.45; padding: 8px; max-height: 160px; background: transparent; color: var(--ink); }
.composer button { border: 0; border-radius: 10px; padding: 9px 16px; font: inherit; font-size: 14px; font-weight: 600; cursor: pointer; }
.send { background: var(--accent); color: var(--accent-ink); }
.send:disabled { opacity: 0.45; cursor: default; }
.stop { background: var(--warn-bg); color: var(--warn); }
.foot { text-align: center; color: var(--muted); font-size: 12px; margin: 8px 0 14px; }
.foot a { color: inherit; }
`;
