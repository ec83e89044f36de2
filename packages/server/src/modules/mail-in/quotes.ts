// Cutting the quoted history off a reply: mail clients put the customer's new words first and everything said before
// below a marker ("On Mon, Jane <…> wrote:", "-----Original Message-----", an Outlook "From:" block, a run of ">"
// lines). One pass over the lines with short, anchored patterns on each: linear in the email's size whatever it holds
// (the general-purpose parsers' multi-line patterns backtrack badly on crafted input).

const MAX_LINE = 1000;
const markers = [
  /^-{2,}\s*(original message|forwarded message|ursprüngliche nachricht|message d'origine)\s*-{2,}$/i,
  /^_{20,}$/,
];
// "On <date>, <name> wrote:", "Am <date> schrieb <name>:", … — tested as an opening word, a closing colon and a
// verb somewhere between, each a simple scan (no pattern with two unbounded parts that could backtrack).
const opener = /^(on|le|am|el|il|em|op|den|dnia|w dniu)\s/i;
const verb = /\s(wrote|écrit|schrieb|escribió|scritto|escreveu|schreef|skrev|pisze|napisał)(\s|:|$)/i;
const quoteHeader = (line: string) => opener.test(line) && line.endsWith(':') && verb.test(line);
const headerBlock = /^(from|von|de|da):\s.{0,300}$/i;
const headerNext = /^(sent|date|gesendet|envoyé|to|an|à|subject|betreff|objet):\s/i;

export function quotedHistoryCut(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let end = lines.length;
  let lastOwn = -1;
  lines.forEach((l, i) => {
    const t = l.trim();
    if (t !== '' && !t.startsWith('>')) lastOwn = i;
  });
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim().slice(0, MAX_LINE);
    const next = (lines[i + 1] ?? '').trim().slice(0, MAX_LINE);
    if (markers.some((m) => m.test(line)) || quoteHeader(line)) {
      end = i;
      break;
    }
    // The same header wrapped over two lines by the client.
    if (opener.test(line) && !line.endsWith(':') && next.endsWith(':') && verb.test(` ${next}`)) {
      end = i;
      break;
    }
    // An Outlook-style header block: "From: …" followed by "Sent:"/"To:"/"Subject:".
    if (headerBlock.test(line) && headerNext.test(next)) {
      end = i;
      break;
    }
    // From here on, only quoted (">") or blank lines: that is the history.
    if (line.startsWith('>') && i > lastOwn) {
      end = i;
      break;
    }
  }
  const kept = lines.slice(0, end);
  // A signature after the standard "-- " delimiter is not part of the message.
  const sig = kept.indexOf('-- ');
  return (sig >= 0 ? kept.slice(0, sig) : kept).join('\n').trim();
}
