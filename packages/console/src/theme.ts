// The console's light and dark themes. Elements read their colours from --sc-* properties with light defaults (see
// styles.ts); the page sets the dark values on :root, where they inherit through every shadow root. "System" follows
// prefers-color-scheme; a choice made in Account is kept in this browser. A constructable sheet, not a <style>: the
// console page's CSP allows no inline style.

export type Theme = 'system' | 'light' | 'dark';
export const themes: readonly Theme[] = ['system', 'light', 'dark'];
const KEY = 'support-chat:console-theme';

// Slate with light-blue accents; every text and muted colour at AA (4.5:1) or more on each surface it sits on.
const dark = `color-scheme: dark;
  --sc-bg: #0f172a; --sc-panel: #1e293b; --sc-soft: #1e293b; --sc-line: #334155; --sc-field-line: #64748b;
  --sc-text: #e2e8f0; --sc-muted: #94a3b8; --sc-primary: #93c5fd; --sc-primary-ink: #0f172a;
  --sc-selected: #172554; --sc-selected-line: #1e40af; --sc-note: #3b2a07; --sc-note-line: #a16207;
  --sc-danger: #fca5a5; --sc-ok: #86efac; --sc-warn: #fbbf24;
  --sc-hot-bg: #7f1d1d; --sc-hot-ink: #fee2e2; --sc-good-bg: #14532d; --sc-good-ink: #dcfce7;
  --sc-snooze-bg: #4c1d95; --sc-snooze-ink: #ede9fe; --sc-woke-bg: #78350f; --sc-woke-ink: #fef3c7;`;

let sheet: CSSStyleSheet | undefined;

/** Adds the page-level sheet once and applies the stored choice. */
export function installTheme() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(`html, body { background: var(--sc-bg, #fff); color-scheme: light; }
      @media (prefers-color-scheme: dark) { :root:not([data-theme=light]) { ${dark} } }
      :root[data-theme=dark] { ${dark} }`);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }
  applyTheme(storedTheme());
}

export function storedTheme(): Theme {
  const v = localStorage.getItem(KEY);
  return themes.includes(v as Theme) ? (v as Theme) : 'system';
}

export function applyTheme(theme: Theme) {
  const root = document.documentElement;
  if (theme === 'system') {
    delete root.dataset.theme;
    localStorage.removeItem(KEY);
  } else {
    root.dataset.theme = theme;
    localStorage.setItem(KEY, theme);
  }
}
