// The one error type routes and services throw. The error handler turns it into
// `{ error: { code, message, details? } }` with the status declared for the code in protocol.
import { errorCodes, type ErrorCode } from '@support-chat/protocol';

export class AppError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
    this.statusCode = errorCodes[code];
  }
}

export const notFound = (code: Extract<ErrorCode, `${string}NOT_FOUND`>, what: string) =>
  new AppError(code, `${what} not found`);

/**
 * Someone else's conversation answers exactly like a missing one (existence itself is not disclosed), so every
 * place that cannot find one says the same thing.
 */
export const conversationNotFound = () => notFound('CONVERSATION_NOT_FOUND', 'Conversation');
