// How <support-chat> looks: its own fonts and colours whatever the host page's CSS (`all: initial`), one accent
// (`--sc-accent`), full screen on phones, dark with the visitor's system.
import { css, unsafeCSS } from 'lit';
import { launcherCss } from '../launcher.js';

export const styles = [
  // The launcher's look is the loader's (one definition, so the first click changes nothing).
  unsafeCSS(launcherCss),
  css`
    :host { all: initial; font: 14px/1.4 system-ui, -apple-system, 'Segoe UI', sans-serif; color: #111; }
    /* On the launcher's top corner (the launcher is 56 px, 20 px from the edges). */
    .badge { position: fixed; bottom: 64px; right: 16px; z-index: 2147483001; pointer-events: none; background: #dc2626; color: #fff; border-radius: 10px; padding: 0 6px; font-size: 12px; }
    .badge.left { right: auto; left: 64px; }
    .panel { position: fixed; bottom: 88px; right: 20px; z-index: 2147483000; width: 360px; max-height: 560px; display: flex;
      flex-direction: column; background: #fff; border-radius: 12px; box-shadow: 0 8px 30px rgba(0,0,0,.25); overflow: hidden; }
    header { background: var(--sc-accent, #2563eb); color: #fff; padding: 12px 16px; display: flex; justify-content: space-between; align-items: center; }
    .who { display: flex; align-items: center; gap: 10px; }
    .avatar { width: 32px; height: 32px; border-radius: 50%; background: rgba(0,0,0,.22); display: flex; align-items: center; justify-content: center; font-weight: 600; }
    .sub { font-size: 12px; }
    li.pending { opacity: .85; }
    header button { background: transparent; border: 0; color: inherit; font-size: 18px; cursor: pointer; }
    .log { overflow-y: auto; flex: 1; min-height: 200px; }
    ol { list-style: none; margin: 0; padding: 12px; }
    li { margin: 6px 0; max-width: 80%; padding: 8px 10px; border-radius: 10px; background: #f1f5f9; overflow-wrap: anywhere; }
    .text { white-space: pre-wrap; }
    /* Logical sides: in a right-to-left language the customer's own messages sit on the left. */
    li.customer { margin-inline-start: auto; background: var(--sc-accent, #2563eb); color: #fff; }
    li.system { background: transparent; color: #64748b; text-align: center; margin: 6px auto; font-size: 12px; }
    .meta { font-size: 11px; opacity: .75; }
    li.customer .meta { opacity: 1; }
    .status { padding: 4px 12px; font-size: 12px; color: #475569; }
    header button.end { margin-inline-start: auto; margin-inline-end: 6px; width: auto; padding: 4px 10px; border: 1px solid rgba(255,255,255,.6); border-radius: 6px; font: inherit; font-size: 12px; }
    .status.confirm { display: flex; gap: 8px; align-items: center; padding: 8px 12px; font-size: 13px; border-bottom: 1px solid #e2e8f0; }
    .status.confirm .primary { background: var(--sc-accent, #2563eb); color: #fff; border: 0; border-radius: 6px; padding: 6px 10px; cursor: pointer; font: inherit; }
    .status.ended { padding: 12px; font-size: 14px; border-top: 1px solid #e2e8f0; display: flex; flex-direction: column; gap: 6px; align-items: flex-start; }
    form.composer { display: flex; gap: 8px; padding: 8px; border-top: 1px solid #e2e8f0; }
    .attach { cursor: pointer; display: flex; align-items: center; color: #475569; }
    .attach input { position: absolute; width: 1px; height: 1px; opacity: 0; }
    .attach:focus-within { outline: 2px solid var(--sc-accent, #2563eb); }
    img.preview { max-width: 200px; max-height: 160px; border-radius: 6px; display: block; }
    .error { color: #b91c1c; }
    .upload progress { width: 100%; }
    button.link { background: none; border: 0; padding: 0; color: var(--sc-accent, #2563eb); text-decoration: underline; cursor: pointer; font: inherit; }
    .intro { padding: 12px; display: grid; gap: 8px; }
    .intro p { margin: 0; }
    .intro input, .intro textarea { font: inherit; padding: 8px; border: 1px solid #cbd5e1; border-radius: 8px; }
    .intro button { background: var(--sc-accent, #2563eb); color: #fff; border: 0; border-radius: 8px; padding: 8px; cursor: pointer; font: inherit; }
    form.rating { padding: 8px 12px; border-top: 1px solid #e2e8f0; display: grid; gap: 6px; }
    form.rating fieldset { border: 0; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 6px; }
    form.rating input[name=comment] { font: inherit; padding: 6px; border: 1px solid #cbd5e1; border-radius: 6px; }
    textarea { flex: 1; resize: none; font: inherit; padding: 8px; border: 1px solid #cbd5e1; border-radius: 8px; }
    form.composer button.emoji { background: none; color: #475569; padding: 0; }
    form.composer button, form.rating button { background: var(--sc-accent, #2563eb); color: #fff; border: 0; border-radius: 8px; padding: 0 14px; cursor: pointer; }
    form.rating button { padding: 8px 14px; font: inherit; justify-self: start; }
    /* Reactions under a message: chips (pressed: yours), and the set offered on the team's messages. */
    .reactions { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 4px; }
    .reaction { font: inherit; font-size: 12px; line-height: 18px; color: #111; background: #fff; border: 1px solid #cbd5e1;
      border-radius: 999px; padding: 0 6px; cursor: pointer; }
    .reaction[aria-pressed=true] { border-color: var(--sc-accent, #2563eb); background: #eff6ff; }
    .reaction.add { color: #475569; padding: 1px 4px; line-height: 0; }
    .reaction.add svg { width: 14px; height: 14px; }
    .palette { display: flex; flex-wrap: wrap; gap: 2px; width: 100%; }
    .palette button { font-size: 18px; background: none; border: 0; border-radius: 6px; padding: 2px 4px; cursor: pointer; }
    .palette button:hover, .palette button:focus-visible { background: #e2e8f0; }
    /* The home screen: greeting, who is online and how fast they answer, earlier conversations. */
    .home { flex: 1; min-height: 200px; overflow-y: auto; padding: 16px; display: grid; align-content: start; gap: 12px; }
    .home p { margin: 0; font-size: 16px; font-weight: 600; }
    .team { display: flex; align-items: center; gap: 10px; color: #475569; }
    .faces { list-style: none; display: flex; margin: 0; padding: 0 0 0 8px; }
    .faces li { margin: 0 0 0 -8px; padding: 0; max-width: none; width: 32px; height: 32px; border-radius: 50%; border: 2px solid #fff;
      background: var(--sc-accent, #2563eb); color: #fff; display: flex; align-items: center; justify-content: center; font-size: 12px; font-weight: 600; overflow: hidden; }
    .faces img { width: 100%; height: 100%; object-fit: cover; }
    .home h2 { margin: 4px 0 0; font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; color: #475569; }
    .recent { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
    .recent li { margin: 0; padding: 0; max-width: none; background: none; }
    .recent button { all: unset; box-sizing: border-box; width: 100%; cursor: pointer; display: grid; gap: 2px; padding: 8px 10px; border: 1px solid #e2e8f0; border-radius: 8px; }
    .recent button:hover { background: #f8fafc; }
    .recent button:focus-visible { outline: 2px solid var(--sc-accent, #2563eb); }
    .recent .sub { color: #475569; }
    /* The newest reply beside the closed launcher. */
    .peek { position: fixed; bottom: 88px; right: 20px; z-index: 2147483000; display: flex; align-items: flex-start;
      max-width: min(300px, calc(100vw - 40px)); background: #fff; color: #111; border-radius: 12px;
      box-shadow: 0 6px 24px rgba(0,0,0,.2); }
    .peek.left { right: auto; left: 20px; }
    .peek-open { all: unset; cursor: pointer; padding: 10px 4px 10px 14px; display: grid; gap: 2px; font-size: 14px; }
    .peek-open:focus-visible, .peek-close:focus-visible { outline: 2px solid var(--sc-accent, #2563eb); outline-offset: 2px; }
    .peek-from { font-size: 12px; font-weight: 600; color: #475569; }
    .peek-text { overflow-wrap: anywhere; display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }
    .peek-close { background: none; border: 0; color: #475569; cursor: pointer; padding: 8px; line-height: 0; }
    .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    /* The left corner on wide screens only: on phones the panel covers the screen either way. */
    @media (min-width: 481px) { .panel.left { right: auto; left: 20px; } }
    @media (max-width: 480px) { .panel { inset: 0; width: auto; max-height: none; border-radius: 0; } }
    /* Dark with the visitor's system: every surface, field and secondary text, each at AA contrast on #0f172a. */
    @media (prefers-color-scheme: dark) {
      .panel { background: #0f172a; color: #e2e8f0; } li { background: #1e293b; }
      li.system { color: #94a3b8; }
      .status { color: #94a3b8; } .status.ended { color: #e2e8f0; border-top-color: #334155; } .status.confirm { border-bottom-color: #334155; }
      textarea, .intro input, .intro textarea, form.rating input[name=comment] { background: #1e293b; color: #e2e8f0; border-color: #475569; }
      textarea::placeholder, input::placeholder { color: #94a3b8; }
      form.composer, form.rating { border-top-color: #334155; }
      .attach, form.composer button.emoji { color: #cbd5e1; }
      button.link { color: #93c5fd; }
      .error { color: #fca5a5; }
      form.rating label { color: #e2e8f0; }
      .peek { background: #1e293b; color: #e2e8f0; } .peek-from, .peek-close { color: #cbd5e1; }
      .team, .home h2, .recent .sub { color: #94a3b8; } .faces li { border-color: #0f172a; }
      .recent button { border-color: #334155; } .recent button:hover { background: #1e293b; }
      .reaction { background: #0f172a; color: #e2e8f0; border-color: #475569; } .reaction[aria-pressed=true] { background: #1e3a8a; }
      .reaction.add { color: #cbd5e1; } .palette button:hover, .palette button:focus-visible { background: #334155; }
    }
  `,
];
