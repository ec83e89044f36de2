// Serves the UI packages' built bundles (packages/widget/dist, packages/console/dist), the demo page and the
// console page. The server never imports the UI packages; it only serves what their builds produced.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { escapeHtml } from '../lib/html.js';
import { repoDir } from '../lib/paths.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { sendBundle } from './compressed-assets.js';

const repo = repoDir;
const dist = path.join(repo, 'packages/widget/dist');
const consoleDist = path.join(repo, 'packages/console/dist');
const demo = path.join(repo, 'examples/embed-site/index.html');

async function asset(file: string) {
  try {
    return await readFile(file);
  } catch {
    throw new AppError('NOT_FOUND', 'The UI is not built; run `npm run build`');
  }
}

/** The console page: its script and styles come from here only, and it may not be framed (clickjacking). */
const consolePage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Support console</title>
<link rel="icon" href="data:,">
<style>html,body{height:100%;margin:0;font-family:system-ui,sans-serif}</style>
<script src="/console/console.js" defer></script>
</head>
<body><main style="height:100%"><support-console></support-console></main></body>
</html>
`;

export async function uiAssets(app: FastifyInstance, opts: { siteKey: string }) {
  const script = (file: string, maxAge: number) => async (req: FastifyRequest, reply: FastifyReply) =>
    sendBundle(
      req,
      reply
        .type('text/javascript; charset=utf-8')
        // Public, cacheable, loadable from any site that embeds it.
        .header('cache-control', `public, max-age=${maxAge}`)
        .header('access-control-allow-origin', '*'),
      path.join(dist, file),
    );
  /** The console's own code: same-origin only (no CORS header), revalidated on each load (its ETag makes that cheap). */
  const consoleScript = (file: string) => async (req: FastifyRequest, reply: FastifyReply) =>
    sendBundle(
      req,
      reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache'),
      path.join(consoleDist, file),
    );

  app.get('/widget.js', { config: { auth: 'public' }, schema: { hide: true } }, script('widget.js', 300));
  app.get(
    '/widget/support-chat.js',
    { config: { auth: 'public' }, schema: { hide: true } },
    script('support-chat.js', 3600),
  );
  app.get(
    '/widget/emoji-picker.js',
    { config: { auth: 'public' }, schema: { hide: true } },
    script('emoji-picker.js', 3600),
  );
  app.get('/console', { config: { auth: 'public' }, schema: { hide: true } }, async (_req, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header(
        'content-security-policy',
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; " +
          "media-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
      )
      .header('x-frame-options', 'DENY')
      .send(consolePage),
  );
  app.get('/console/console.js', { config: { auth: 'public' }, schema: { hide: true } }, consoleScript('console.js'));
  // Team setup: only admins' consoles fetch it, the first time they open it.
  app.get('/console/admin.js', { config: { auth: 'public' }, schema: { hide: true } }, consoleScript('admin.js'));
  // Tickets and Conversations: fetched the first time either opens.
  app.get('/console/work.js', { config: { auth: 'public' }, schema: { hide: true } }, consoleScript('work.js'));
  // The console in German: fetched before the first render when an agent chose it.
  app.get('/console/de.js', { config: { auth: 'public' }, schema: { hide: true } }, consoleScript('de.js'));
  // Reports (with Chart.js): fetched the first time someone opens Reports.
  app.get(
    '/console/analytics.js',
    { config: { auth: 'public' }, schema: { hide: true } },
    consoleScript('analytics.js'),
  );
  app.get('/demo', { config: { auth: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    const page = (await asset(demo)).toString('utf8').replace('{{SITE_KEY}}', escapeHtml(opts.siteKey));
    return reply
      .type('text/html; charset=utf-8')
      .header(
        'content-security-policy',
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:; img-src 'self' data:; frame-ancestors 'none'",
      )
      .send(page);
  });
}
