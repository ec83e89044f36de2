// SMS through Twilio's Messages API (POST /2010-04-01/Accounts/{sid}/Messages.json, form-encoded To/From/Body, HTTP
// basic auth with the account SID and auth token). Twilio's answer decides what happens next, as it documents: 2xx is
// sent; 429 and 5xx (and no answer) are worth retrying; any other 4xx — an invalid or unreachable number (21211,
// 21610 unsubscribed…), bad credentials — will fail the same way again, so it is not retried.
import type { Config } from '../../config.js';
import { PermanentDeliveryError, RetryableDeliveryError } from './errors.js';

type SmsConfig = NonNullable<Config['sms']>;

const TIMEOUT_MS = 10_000;

/** Sends one SMS; resolves with Twilio's message SID. */
export async function sendTwilioSms(sms: SmsConfig, to: string, body: string): Promise<string> {
  const url = `${sms.apiUrl}/2010-04-01/Accounts/${encodeURIComponent(sms.accountSid)}/Messages.json`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${sms.accountSid}:${sms.authToken}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ To: to, From: sms.from, Body: body }).toString(),
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw new Error(`Twilio unreachable: ${(err as Error).message}`);
  }
  const text = await res.text();
  let json: { sid?: string; code?: number; message?: string } = {};
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's error page): the status decides.
  }
  if (res.ok && json.sid) return json.sid;
  const why = `Twilio ${res.status}${json.code ? ` (${json.code})` : ''}: ${json.message ?? text.slice(0, 200)}`;
  if (res.status === 429 || res.status >= 500 || res.ok) throw new RetryableDeliveryError(why, res.status);
  throw new PermanentDeliveryError(why, res.status);
}
