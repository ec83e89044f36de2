// A real SMTP server on loopback for tests (smtp-server): it keeps what it receives and can refuse deliveries.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';

/** Parses a raw email (what the test SMTP server received) into headers, text and attachments. */
export const parseMail = simpleParser;

/** A mail client that sends to an SMTP server on loopback (our inbound listener): a customer's mail program. */
export const mailClient = (port: number) =>
  nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });

export interface TestSmtp {
  port: number;
  mails: { from: string; to: string; data: string }[];
  /** The next n deliveries are answered 451 (try again later). */
  refuseNext(n: number): void;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const mails: { from: string; to: string; data: string }[] = [];
  let refuse = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (c: Buffer) => (data += c.toString('utf8')));
      stream.on('end', () => {
        if (refuse > 0) {
          refuse--;
          return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
        }
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address).join(','),
          data,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    mails,
    refuseNext: (n) => (refuse = n),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
