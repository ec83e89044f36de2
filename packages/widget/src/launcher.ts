// The round chat button in the page's corner, written once: the loader shows it before the widget's code is
// fetched, and the widget renders the same button once it is there, so nothing moves or changes look on the
// first click. No Lit here: the loader must stay tiny.

/** Speech bubble and cross (inline SVG paths: emoji glyphs depend on the visitor's fonts). */
export const CHAT_ICON = 'M21 12a8 8 0 0 1-11.5 7.2L4 21l1.8-5.5A8 8 0 1 1 21 12z';
export const CLOSE_ICON = 'M6 6l12 12M18 6L6 18';

/** An icon as markup, from one of our own constant paths (never from data). */
export const iconSvg = (d: string) =>
  '<svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" fill="none" stroke="currentColor" ' +
  `stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="${d}"/></svg>`;

/** `.launcher`, and `.launcher.left` for the left corner. */
export const launcherCss =
  '.launcher{position:fixed;bottom:20px;right:20px;z-index:2147483000;width:56px;height:56px;border-radius:50%;' +
  'border:0;background:var(--sc-accent,#2563eb);color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);' +
  'display:flex;align-items:center;justify-content:center;padding:0}' +
  '.launcher:focus-visible{outline:3px solid var(--sc-accent,#2563eb);outline-offset:3px}' +
  '.launcher.left{left:20px;right:auto}' +
  // With the site's launcher text: a pill with the icon and the words.
  '.launcher.labelled{width:auto;border-radius:28px;padding:0 20px 0 16px;gap:8px;' +
  'font:600 15px/1 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}';

/** The launcher's words, if the site gives any, added as text (never markup) to a launcher button. */
export function labelLauncher(button: HTMLElement, text: string | undefined) {
  button.classList.toggle('labelled', Boolean(text));
  button.querySelector('span.label')?.remove();
  if (!text) return;
  const span = document.createElement('span');
  span.className = 'label';
  span.textContent = text;
  button.append(span);
}

/** The launcher as markup, for the loader's shadow root. */
export function launcherHtml(label: string, left: boolean) {
  return `<style>${launcherCss}</style><button type="button" class="launcher${left ? ' left' : ''}" aria-label="${label}">${iconSvg(CHAT_ICON)}</button>`;
}
