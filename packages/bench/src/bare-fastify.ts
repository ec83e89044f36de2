// The REST baseline: a bare Fastify with the two routes the benchmark calls on support-chat, answering from memory —
// no database, auth, validation or logging. The gap to support-chat is what those cost per request.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
const messages: { id: string; seq: number; content: string; createdAt: string }[] = [];
app.post<{ Body: { content?: string } }>('/m', async (req, reply) => {
  const m = {
    id: String(messages.length + 1),
    seq: messages.length + 1,
    content: String(req.body?.content ?? ''),
    createdAt: new Date().toISOString(),
  };
  messages.push(m);
  if (messages.length > 1000) messages.splice(0, 500);
  return reply.code(201).send({ message: m });
});
app.get('/m', async () => ({ messages: messages.slice(-50), hasMore: messages.length > 50 }));
const address = await app.listen({ port: Number(process.argv[2] ?? 0), host: '127.0.0.1' });
console.log(`bare fastify listening on ${new URL(address).port}`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
