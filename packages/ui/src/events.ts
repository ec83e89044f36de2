// Element events of every support-chat UI: named `sc-…`, bubbling and composed (a host page hears them through
// the shadow roots they start in), each declared with its detail in the global HTMLElementEventMap so that
// `el.addEventListener('sc-select', e => e.detail.response)` is typed. `emit` only accepts declared events.

/** The detail an `sc-…` event declares (undefined for events without one). */
export type DetailOf<K extends keyof HTMLElementEventMap> =
  HTMLElementEventMap[K] extends CustomEvent<infer D> ? D : never;

export function emit<K extends keyof HTMLElementEventMap & `sc-${string}`>(
  from: EventTarget,
  type: K,
  ...[detail]: DetailOf<K> extends undefined ? [] : [DetailOf<K>]
): boolean {
  return from.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

declare global {
  interface HTMLElementEventMap {
    /** <sc-emoji-picker>: an emoji was chosen. */
    'sc-emoji': CustomEvent<{ emoji: string }>;
    /** A picker or panel asks to be closed (Escape, its Close button). */
    'sc-close': CustomEvent<undefined>;
  }
}
