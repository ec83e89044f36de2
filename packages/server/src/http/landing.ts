// The page at `/`: where to go next.
export function landingPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>support-chat</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}code{background:#f3f3f3;padding:0 .25rem}</style>
</head><body>
<h1>support-chat is running</h1>
<ul>
<li><a href="/console">Agent console</a> (sign in with the admin login printed at start-up)</li>
<li><a href="/demo">Demo page with the chat widget</a></li>
<li><a href="/docs">API reference (OpenAPI)</a></li>
<li><a href="/healthz">/healthz</a> and <a href="/readyz">/readyz</a></li>
</ul>
<p>Start a conversation: <code>POST /api/chat/start</code>. Agents sign in with <code>POST /api/auth/login</code>.</p>
</body></html>`;
}
