// The inbound SMTP listener (off unless INBOUND_SMTP_PORT is set): your MX, or a relay, hands it the mail for the reply
// domain and the support address. It accepts three kinds of recipient and refuses the rest during the SMTP dialogue
// (so a sender's server bounces them, and we never store what we will not use):
//   reply+<conversation>.<signature>@<domain>  a customer's answer: a message in that conversation
//   <SUPPORT_EMAIL_ADDRESS>                     a new conversation on the email channel (or an answer, when its
//                                               In-Reply-To/References name one of ours)
//   bounces+<notification>@<domain>             a delivery status notification for an email we sent
import type { SMTPServer, SMTPServerAddress, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import type { Deps } from '../../deps.js';
import type { Integrations } from '../integrations/index.js';
import { conversationOfAddress } from '../integrations/email-thread.js';
import { bounceAddressId, handleMail } from './handle.js';

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

export class InboundMail {
  private server?: SMTPServer;

  constructor(
    private readonly deps: Deps,
    private readonly integrations: Integrations,
  ) {}

  /** The port it listens on (after start; 0 asks the system for a free one). */
  port = 0;

  async start() {
    const inbound = this.deps.config.inbound;
    if (!inbound) return;
    const { config, log } = this.deps;
    // Loaded only when inbound mail is configured, like mailparser (handle.ts).
    const { SMTPServer } = await import('smtp-server');
    this.server = new SMTPServer({
      // A relay hands us mail; nobody logs in, and without a certificate there is no STARTTLS to offer.
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: inbound.maxBytes,
      maxClients: 50,
      socketTimeout: 60_000,
      banner: 'support-chat inbound mail',
      logger: false,
      onRcptTo: (address: SMTPServerAddress, _session: SMTPServerSession, callback: (err?: Error) => void) => {
        const to = address.address.toLowerCase();
        const accepted =
          to === config.supportAddress ||
          bounceAddressId(config.replyDomain, to) !== undefined ||
          conversationOfAddress(this.integrations.replyAddressKey, config.replyDomain, to) !== undefined;
        if (!accepted) return callback(smtpError(550, `5.1.1 <${to}>: no such mailbox here`));
        callback();
      },
      onData: (stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void) => {
        const chunks: Buffer[] = [];
        let size = 0;
        // smtp-server flags an oversized message at its end; nothing past the limit is kept meanwhile.
        stream.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= inbound.maxBytes) chunks.push(c);
        });
        stream.on('end', () => {
          if (stream.sizeExceeded || size > inbound.maxBytes)
            return callback(smtpError(552, `5.3.4 Message too big (at most ${inbound.maxBytes} bytes)`));
          const rcpt = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
          handleMail(this.deps, Buffer.concat(chunks), rcpt, this.integrations.replyAddressKey).then(
            () => callback(),
            (err: unknown) => {
              const code = (err as { responseCode?: number }).responseCode;
              if (code) return callback(err as Error);
              log.error({ err }, 'inbound email could not be stored');
              // Ours to fix: "try again later" keeps the mail on the sender's queue rather than losing it.
              callback(smtpError(451, '4.3.0 Could not store the message; try again later'));
            },
          );
        });
      },
    });
    this.server.on('error', (err) => log.warn({ err }, 'inbound SMTP connection error'));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(inbound.port, inbound.host, () => {
        this.server!.off('error', reject);
        resolve();
      });
    });
    const address = this.server.server.address();
    this.port = typeof address === 'object' && address ? address.port : inbound.port;
    log.info({ port: this.port }, 'inbound email listener started');
  }

  async stop() {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
