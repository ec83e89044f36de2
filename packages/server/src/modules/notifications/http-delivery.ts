// Outgoing HTTP calls of the outbox (CRM sync, webhooks), with the SSRF guard: unless allowed, a URL whose host
// resolves to a private, loopback, link-local or otherwise non-public address is refused. The check runs on the
// address the socket actually connects to (a custom DNS lookup), so a DNS answer that changes between a check and
// the connection (rebinding) cannot slip through, and redirects are never followed (a 3xx is a failed delivery).
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { PermanentDeliveryError, RetryableDeliveryError } from './errors.js';

export interface HttpResult {
  status: number;
  body: string;
}

export interface HttpRequest {
  url: string;
  method?: 'POST' | 'GET';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Let the call reach private and loopback addresses (an admin setting; tests use it). */
  allowPrivate: boolean;
  /** Answers longer than this are cut (a receiver's answer is logged, never trusted). */
  maxResponseBytes?: number;
}

export class BlockedAddressError extends PermanentDeliveryError {
  override readonly name: string = 'BlockedAddressError';
}

/** True for addresses on the public internet (unicast); false for private, loopback, link-local, multicast… */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  return ip.range() === 'unicast';
}

function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 4);
      const list = addresses as dns.LookupAddress[];
      const usable = allowPrivate ? list : list.filter((a) => isPublicAddress(a.address));
      if (!usable.length) {
        return callback(
          new BlockedAddressError(`${hostname} resolves to a private or loopback address (not allowed)`),
          '',
          4,
        );
      }
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, usable);
      return callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
}

/** One request; resolves with the status and (cut) body of any answer, rejects when there is none. */
export function httpRequest(req: HttpRequest): Promise<HttpResult> {
  const url = new URL(req.url);
  const client = url.protocol === 'https:' ? https : http;
  const max = req.maxResponseBytes ?? 4096;
  // A literal IP skips DNS (and so the lookup hook): check it here.
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(literal) && !req.allowPrivate && !isPublicAddress(literal)) {
    return Promise.reject(new BlockedAddressError(`${literal} is a private or loopback address (not allowed)`));
  }
  return new Promise((resolve, reject) => {
    const r = client.request(
      url,
      {
        method: req.method ?? 'POST',
        headers: req.headers,
        lookup: guardedLookup(req.allowPrivate),
        timeout: req.timeoutMs,
        // One agent per call: a pooled socket must not outlive the lookup that vetted it.
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < max) chunks.push(c.subarray(0, max - size));
          size += c.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    r.on('timeout', () => r.destroy(new Error(`no answer within ${req.timeoutMs} ms`)));
    r.on('error', reject);
    r.end(req.body);
  });
}

/**
 * A delivery: 2xx is done; 3xx (a redirect we do not follow), 408, 429 and 5xx are tried again later; any other 4xx
 * is the receiver saying no, which it will say again, so it fails for good. Resolves with the status.
 */
export async function deliverHttp(req: HttpRequest): Promise<HttpResult> {
  const res = await httpRequest(req);
  if (res.status >= 200 && res.status < 300) return res;
  const why = `HTTP ${res.status}${res.body ? `: ${res.body.slice(0, 200)}` : ''}`;
  if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429)
    throw new PermanentDeliveryError(why, res.status);
  throw new RetryableDeliveryError(why, res.status);
}
