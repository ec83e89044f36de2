// `:shortcode:` completion for the composer: a small, common set (no emoji library in the bundle).
export const shortcodes: Record<string, string> = {
  smile: '😄', grin: '😁', joy: '😂', wink: '😉', blush: '😊', heart_eyes: '😍', thinking: '🤔', neutral_face: '😐',
  cry: '😢', sob: '😭', angry: '😠', scream: '😱', sweat_smile: '😅', slightly_smiling_face: '🙂', upside_down: '🙃',
  '+1': '👍', thumbsup: '👍', '-1': '👎', thumbsdown: '👎', ok_hand: '👌', clap: '👏', wave: '👋', pray: '🙏', muscle: '💪',
  heart: '❤️', broken_heart: '💔', fire: '🔥', tada: '🎉', star: '⭐', sparkles: '✨', rocket: '🚀', eyes: '👀',
  check: '✅', x: '❌', warning: '⚠️', question: '❓', bulb: '💡', package: '📦', truck: '🚚', credit_card: '💳',
  email: '📧', phone: '📱', calendar: '📅', clock: '🕒', lock: '🔒', gift: '🎁', coffee: '☕', pizza: '🍕',
};

/** Replaces every known `:code:` in the text; unknown ones stay as typed. */
export function expandShortcodes(text: string): string {
  return text.replace(/:([a-z0-9_+-]{1,32}):/g, (whole, code: string) => shortcodes[code] ?? whole);
}
