// The script-tag loader (`<script src="https://YOUR-SERVER/widget.js" data-site-key="…" async>`): a command queue
// and a launcher button, no framework. The full widget is fetched on first open, or when the page is idle.
import { checkCommand as check, type Command } from './commands.js';
import { launcherHtml } from './launcher.js';

type Call = [Command, unknown];

interface WidgetElement extends HTMLElement {
  command(cmd: Command, arg?: unknown): void;
}

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

  const host = document.createElement('div');
  host.setAttribute('data-support-chat-launcher', '');
  const root = host.attachShadow({ mode: 'open' });
  // The launcher already sits where, and looks as, the widget will (the widget re-checks the colour itself).
  root.innerHTML = launcherHtml('Open chat', attributes.get('position') === 'left');
  const button = root.querySelector('button')!;
  const accent = attributes.get('accent-color');
  if (accent && CSS.supports('color', accent)) host.style.setProperty('--sc-accent', accent);

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

  button.addEventListener('click', () => {
    pending.push(['open', undefined]);
    void load();
  });
  const mount = () => document.body.appendChild(host);
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount, { once: true });
  // Preload when the page has nothing better to do, so the first click opens at once.
  const idle = (window as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => void })
    .requestIdleCallback;
  if (idle) idle(() => void load().catch(() => {}), { timeout: 8000 });
})();
