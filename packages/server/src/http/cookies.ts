import type { FastifyReply, FastifyRequest } from 'fastify';

/** httpOnly, SameSite=Lax, Secure whenever the browser reached us over https. */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  name: string,
  token: string,
  expiresAt: Date,
  publicUrl?: string,
) {
  const secure = request.protocol === 'https' || (publicUrl?.startsWith('https:') ?? false);
  reply.setCookie(name, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: expiresAt });
}

export function clearSessionCookie(reply: FastifyReply, name: string) {
  reply.clearCookie(name, { path: '/' });
}
