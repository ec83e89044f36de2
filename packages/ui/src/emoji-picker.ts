// <sc-emoji-picker>: loaded by the widget the first time the emoji button is pressed (its own small bundle, no
// framework). A grid of buttons; arrow keys move, Enter or a click picks (`sc-emoji` event), Escape closes (`sc-close`).
import { shortcodes } from './emoji.js';
import { emit } from './events.js';

const unique = [...new Map(Object.entries(shortcodes).map(([code, emoji]) => [emoji, code])).entries()];
const COLUMNS = 8;

class EmojiPicker extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML = `<style>
      div{display:grid;grid-template-columns:repeat(${COLUMNS},1fr);gap:2px;padding:6px;max-height:150px;overflow-y:auto;border-top:1px solid #e2e8f0}
      button{font-size:20px;background:none;color:inherit;border:0;border-radius:6px;cursor:pointer;padding:2px}
      button:hover,button:focus-visible{background:#e2e8f0;outline:2px solid var(--sc-accent,#2563eb)}
      @media (prefers-color-scheme:dark){div{border-top-color:#334155}button:hover,button:focus-visible{background:#334155}}
    </style><div role="group" aria-label="Emoji"></div>`;
    const grid = root.querySelector('div')!;
    for (const [emoji, code] of unique) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = emoji;
      b.setAttribute('aria-label', code.replace(/_/g, ' '));
      b.dataset.emoji = emoji;
      grid.appendChild(b);
    }
    grid.addEventListener('click', (e) => {
      const emoji = (e.target as HTMLElement).closest('button')?.dataset.emoji;
      if (emoji) emit(this, 'sc-emoji', { emoji });
    });
    grid.addEventListener('keydown', (e) => {
      const buttons = [...grid.querySelectorAll('button')];
      const i = buttons.indexOf(root.activeElement as HTMLButtonElement);
      const move = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLUMNS, ArrowUp: -COLUMNS }[e.key];
      if (move !== undefined && i >= 0) {
        e.preventDefault();
        buttons[Math.min(buttons.length - 1, Math.max(0, i + move))]!.focus();
      } else if (e.key === 'Escape') {
        e.stopPropagation();
        emit(this, 'sc-close');
      }
    });
    (grid.querySelector('button') as HTMLButtonElement | null)?.focus();
  }
}

if (!customElements.get('sc-emoji-picker')) customElements.define('sc-emoji-picker', EmojiPicker);
