// How a delivery attempt failed, as the outbox needs to know it: worth another try later, or never.

/** The receiver refused for a reason that will not change (an invalid number, a 4xx, an unknown mailbox). */
export class PermanentDeliveryError extends Error {
  override readonly name: string = 'PermanentDeliveryError';
  constructor(
    message: string,
    /** The HTTP status or SMTP reply code that said so. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/** A failure that may pass (no answer, 429, 5xx, a redirect we do not follow): tried again with backoff. */
export class RetryableDeliveryError extends Error {
  override readonly name = 'RetryableDeliveryError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
