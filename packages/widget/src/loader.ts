// The script-tag loader (`<script src="https://YOUR-SERVER/widget.js" data-site-key="…" async>`): a command queue
// and a launcher button, no framework. The full widget is fetched on first open, or when the page is idle.
import type { PublicSiteResponse, WidgetSettings } from '@support-chat/sdk';
import { checkCommand as check, type Command } from './commands.js';
import { labelLauncher, launcherHtml } from './launcher.js';
import { readSavedVisitor, savedVisitorKey } from './saved-visitor.js';

type Call = [Command, unknown];

interface WidgetElement extends HTMLElement {
  command(cmd: Command, arg?: unknown): void;
  site?: WidgetSettings;
}

/** How long the launcher waits for the site's look before it shows in the default one. */
const SETTINGS_WAIT_MS = 3000;

declare global {
  interface Window {
    SupportChat?: ((cmd: Command, arg?: unknown) => void) & { q?: Call[] };
    __supportChatLoaded?: boolean;
  }
}

/** Every attribute of <support-chat> may be given on the script tag as `data-…` (`data-accent-color="#0a7"`). */
const ELEMENT_ATTRIBUTES = [
  'site-key',
  'base-url',
  'customer-id',
  'customer-name',
  'customer-email',
  'customer-hash',
  'locale',
  'position',
  'accent-color',
];

(() => {
  // Loading twice (SPA navigation, two tags) is harmless.
  if (window.__supportChatLoaded) return;
  window.__supportChatLoaded = true;
  const script = document.currentScript as HTMLScriptElement | null;
  const src = script?.src ? new URL(script.src) : new URL(location.href);
  const base = src.origin;
  const attributes = new Map<string, string>([['base-url', base]]);
  for (const name of ELEMENT_ATTRIBUTES) {
    const value = script?.getAttribute(`data-${name}`);
    if (value !== null && value !== undefined) attributes.set(name, value);
  }
  const pending: Call[] = [...(window.SupportChat?.q ?? [])];
  let widget: WidgetElement | undefined;
  let loading: Promise<void> | undefined;

  const key = attributes.get('site-key');
  let site: WidgetSettings | undefined;

  const host = document.createElement('div');
  host.setAttribute('data-support-chat-launcher', '');
  const root = host.attachShadow({ mode: 'open' });
  // The launcher already sits where, and looks as, the widget will (the widget re-checks the colour itself): the
  // script tag's attributes first, then the site's settings as its admin saved them.
  function draw() {
    const left = (attributes.get('position') ?? site?.position) === 'left';
    root.innerHTML = launcherHtml('Open chat', left);
    const button = root.querySelector('button')!;
    labelLauncher(button, site?.launcherText);
    button.addEventListener('click', () => {
      pending.push(['open', undefined]);
      void load();
    });
    const accent = attributes.get('accent-color') ?? site?.accentColor;
    if (accent && CSS.supports('color', accent)) host.style.setProperty('--sc-accent', accent);
  }

  function load(): Promise<void> {
    loading ??= new Promise<void>((resolve, reject) => {
      const s = document.createElement('script');
      s.src = `${base}/widget/support-chat.js`;
      s.async = true;
      s.onload = () => resolve();
      s.onerror = () => reject(new Error('SupportChat: could not load the widget'));
      document.head.appendChild(s);
    }).then(() => {
      widget = document.createElement('support-chat') as WidgetElement;
      for (const [name, value] of attributes) widget.setAttribute(name, value);
      if (site) widget.site = site;
      document.body.appendChild(widget);
      host.remove();
      for (const [cmd, arg] of pending.splice(0)) widget.command(cmd, arg);
    });
    return loading;
  }

  const api = ((cmd: Command, arg?: unknown) => {
    check(cmd, arg);
    if (widget) return widget.command(cmd, arg);
    pending.push([cmd, arg]);
    if (cmd === 'open' || cmd === 'toggle') void load();
  }) as NonNullable<Window['SupportChat']>;
  window.SupportChat = api;

  const get = <T>(path: string): Promise<T | undefined> =>
    fetch(`${base}${path}`).then(
      (r) => (r.ok ? (r.json() as Promise<T>) : undefined),
      () => undefined,
    );
  const settings = key
    ? get<PublicSiteResponse>(`/api/sites/by-key/${encodeURIComponent(key)}`).then((r) => r?.site.widget)
    : Promise.resolve(undefined);
  const late = new Promise<undefined>((resolve) => setTimeout(resolve, SETTINGS_WAIT_MS));

  void Promise.race([settings, late]).then(async (w) => {
    site = w;
    if (site?.offlineMode === 'hide' && !(await anyoneThere()) && !hasChat()) return;
    draw();
    const mount = () => document.body.appendChild(host);
    if (document.body) mount();
    else document.addEventListener('DOMContentLoaded', mount, { once: true });
    // Preload when the page has nothing better to do, so the first click opens at once.
    const idle = (window as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => void })
      .requestIdleCallback;
    if (idle) idle(() => void load().catch(() => {}), { timeout: 8000 });
  });

  /** Someone can answer now: online, within business hours (a site that hides the launcher otherwise). */
  async function anyoneThere() {
    const r = await get<{ availability: { onlineAgents: number; withinBusinessHours: boolean } }>(
      `/api/sites/${encodeURIComponent(key ?? '')}/availability`,
    );
    return !r || (r.availability.onlineAgents > 0 && r.availability.withinBusinessHours);
  }

  /** This visitor has a chat going here, so the launcher stays. */
  function hasChat() {
    try {
      return Boolean(readSavedVisitor(localStorage.getItem(savedVisitorKey(key)))?.conversationId);
    } catch {
      // Storage refused (a privacy mode): no saved chat to keep.
      return false;
    }
  }
})();
