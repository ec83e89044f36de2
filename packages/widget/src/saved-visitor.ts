// Where the widget keeps its visitor in localStorage, per site: the visitor token and the conversation going on. The
// element reads and writes it; the loader only asks whether a chat is going (to keep the launcher when the site hides
// it while away).

export interface SavedVisitor {
  token?: string;
  conversationId?: string;
}

export const savedVisitorKey = (siteKey: string | undefined) => `support-chat:${siteKey || 'default'}`;

/** What was saved: undefined when nothing, null when it cannot be read (and should be dropped). */
export function readSavedVisitor(raw: string | null): SavedVisitor | null | undefined {
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as SavedVisitor;
    return v && typeof v === 'object' ? v : null;
  } catch {
    return null;
  }
}
