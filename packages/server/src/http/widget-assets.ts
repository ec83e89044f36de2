// Serves the widget's built bundles (packages/widget/dist) and the demo page. The server never imports the UI
// packages; it only serves what their builds produced.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const dist = path.join(repo, 'packages/widget/dist');
const demo = path.join(repo, 'examples/embed-site/index.html');

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function asset(file: string) {
  try {
    return await readFile(file);
  } catch {
    throw new AppError('NOT_FOUND', 'The widget is not built; run `npm run build`');
  }
}

export async function widgetAssets(app: FastifyInstance, opts: { siteKey: string }) {
  const script = (file: string, maxAge: number) => async (_req: unknown, reply: import('fastify').FastifyReply) =>
    reply
      .type('text/javascript; charset=utf-8')
      // Public, cacheable, loadable from any site that embeds it.
      .header('cache-control', `public, max-age=${maxAge}`)
      .header('access-control-allow-origin', '*')
      .send(await asset(path.join(dist, file)));

  app.get('/widget.js', { config: { auth: 'public' }, schema: { hide: true } }, script('widget.js', 300));
  app.get('/widget/support-chat.js', { config: { auth: 'public' }, schema: { hide: true } }, script('support-chat.js', 3600));
  app.get('/widget/emoji-picker.js', { config: { auth: 'public' }, schema: { hide: true } }, script('emoji-picker.js', 3600));
  app.get('/demo', { config: { auth: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    const page = (await asset(demo)).toString('utf8').replace('{{SITE_KEY}}', escapeHtml(opts.siteKey));
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy',
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:; img-src 'self' data:; frame-ancestors 'none'")
      .send(page);
  });
}
