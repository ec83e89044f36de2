// The baseline: a bare `ws` relay with in-memory rooms and no persistence, auth or validation. It answers
// the same frames the benchmark sends to support-chat (`message` -> `ack` to the sender, `message` to the
// room including the sender), so the difference between the two is what persistence and the rest cost.
import { WebSocketServer, type WebSocket } from 'ws';

const port = Number(process.argv[2] ?? 0);
const rooms = new Map<string, Set<WebSocket>>();
const seqs = new Map<string, number>();
const wss = new WebSocketServer({ port, host: '127.0.0.1', perMessageDeflate: false, maxPayload: 64 * 1024 });

wss.on('connection', (socket, req) => {
  const room = new URL(req.url ?? '/', 'http://x').searchParams.get('room') ?? 'lobby';
  let members = rooms.get(room);
  if (!members) rooms.set(room, (members = new Set()));
  members.add(socket);
  socket.send(JSON.stringify({ type: 'hello', data: { room }, timestamp: new Date().toISOString() }));

  socket.on('message', (raw) => {
    let frame: { type?: string; id?: string; data?: { content?: string; clientMessageId?: string } };
    try {
      frame = JSON.parse(String(raw));
    } catch {
      return;
    }
    if (frame.type !== 'message' || !frame.data) return;
    const seq = (seqs.get(room) ?? 0) + 1;
    seqs.set(room, seq);
    const timestamp = new Date().toISOString();
    const message = {
      id: `${room}:${seq}`,
      conversationId: room,
      seq,
      content: frame.data.content,
      clientMessageId: frame.data.clientMessageId,
    };
    socket.send(JSON.stringify({ type: 'ack', conversationId: room, data: { ref: frame.id, message }, timestamp }));
    const out = JSON.stringify({ type: 'message', conversationId: room, data: message, timestamp });
    for (const member of members!) if (member.readyState === member.OPEN) member.send(out);
  });
  socket.on('close', () => {
    members!.delete(socket);
    if (members!.size === 0) rooms.delete(room);
  });
});

wss.on('listening', () => {
  const address = wss.address();
  console.log(`relay listening on ${typeof address === 'object' && address ? address.port : address}`);
});
process.on('SIGTERM', () => wss.close(() => process.exit(0)));
