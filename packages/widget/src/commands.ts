// The command API a host page drives the widget with (`SupportChat('identify', {...})`), one definition for the loader
// (which queues and checks commands before the widget is there) and the element (which carries them out).
export const COMMANDS = ['identify', 'open', 'close', 'toggle', 'setLocale', 'reset'] as const;
export type Command = (typeof COMMANDS)[number];

/** What `identify` may set: these four, nothing else of the element. */
export const IDENTITY_KEYS = ['customerId', 'customerName', 'customerEmail', 'customerHash'] as const;
export type Identity = Partial<Record<(typeof IDENTITY_KEYS)[number], string>>;

/** Throws a message naming the mistake, so a host page's developer sees it in the console. */
export function checkCommand(cmd: unknown, arg: unknown): asserts cmd is Command {
  if (!COMMANDS.includes(cmd as Command))
    throw new Error(`SupportChat: unknown command ${JSON.stringify(cmd)}; use one of ${COMMANDS.join(', ')}`);
  if (cmd === 'identify') {
    const a = arg as Record<string, unknown> | undefined;
    if (!a || typeof a !== 'object') throw new Error('SupportChat("identify", {...}): pass an object');
    const unknown = Object.keys(a).filter((k) => !(IDENTITY_KEYS as readonly string[]).includes(k));
    if (unknown.length)
      throw new Error(`SupportChat("identify"): unknown key ${unknown.join(', ')}; use ${IDENTITY_KEYS.join(', ')}`);
    for (const k of IDENTITY_KEYS) {
      if (a[k] !== undefined && typeof a[k] !== 'string')
        throw new Error(`SupportChat("identify"): ${k} must be a string`);
    }
    if (!a.customerId && !a.customerEmail)
      throw new Error('SupportChat("identify"): customerId or customerEmail is required');
  }
  if (cmd === 'setLocale' && typeof arg !== 'string')
    throw new Error('SupportChat("setLocale", "de"): pass a locale string');
}

/** The identity in a checked `identify` argument: only the documented keys are ever read. */
export function identityOf(arg: unknown): Identity {
  const a = arg as Record<string, unknown>;
  return Object.fromEntries(IDENTITY_KEYS.filter((k) => typeof a[k] === 'string').map((k) => [k, a[k]]));
}
