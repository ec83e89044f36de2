// SECURITY.md item 7: uploads are typed by their bytes, size-limited, stored under generated names, and
// downloaded only by those who may see the conversation, as attachments with nosniff.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createAgent, createTestApp, json, login, send, startChat, type TestApp } from './helpers.js';

let t: TestApp;
let agentToken: string;

beforeAll(async () => {
  t = await createTestApp({ UPLOAD_MAX_BYTES: '2048' });
  agentToken = (await createAgent(t.app, await login(t.app))).token;
});
afterAll(() => t.close());

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 1)]);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n');

function multipart(filename: string, contentType: string, content: Buffer) {
  const boundary = `----sc${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(token: string, conversationId: string, filename: string, type: string, content: Buffer) {
  const m = multipart(filename, type, content);
  return t.app.inject({
    method: 'POST',
    url: `/api/uploads?conversationId=${conversationId}`,
    headers: { ...m.headers, ...bearer(token) },
    payload: m.body,
  });
}

describe('uploads', () => {
  it('stores an image under a generated name, typed by its bytes, and it can be attached and shown inline', async () => {
    const v = await startChat(t.app, {});
    const res = await upload(v.token, v.conversation.id, 'cat.png', 'text/html', PNG);
    expect(res.statusCode, res.body).toBe(201);
    const { attachment } = json(res);
    expect(attachment).toMatchObject({ name: 'cat.png', mimeType: 'image/png', size: PNG.length });
    expect(attachment.url).toBe(`/api/uploads/${attachment.id}`);
    const msg = await send(t.app, v.token, v.conversation.id, {
      content: '',
      messageType: 'image',
      attachments: [attachment],
    });
    expect(msg.statusCode).toBe(201);
    const dl = await t.app.inject({ url: attachment.url, headers: bearer(agentToken) });
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(PNG)).toBe(true);
    expect(dl.headers['content-type']).toBe('image/png');
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(String(dl.headers['content-disposition'])).toMatch(/^inline; /);
    expect(dl.headers['content-security-policy']).toContain('sandbox');
    // <img src> from a cross-origin widget: the token may ride in the query.
    expect((await t.app.inject({ url: `${attachment.url}?token=${v.token}` })).statusCode).toBe(200);
  });

  it('serves non-images as downloads, with the original name as data only', async () => {
    const v = await startChat(t.app, {});
    const traversal = json(
      await upload(v.token, v.conversation.id, '../../etc/passwd', 'application/octet-stream', PDF),
    ).attachment;
    expect(traversal).toMatchObject({ name: 'passwd', mimeType: 'application/pdf' });
    const res = await upload(v.token, v.conversation.id, 'rapport über Q1.pdf', 'application/octet-stream', PDF);
    expect(res.statusCode).toBe(201);
    const { attachment } = json(res);
    const dl = await t.app.inject({ url: attachment.url, headers: bearer(v.token) });
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.headers['content-disposition']).toBe(
      `attachment; filename="rapport _ber Q1.pdf"; filename*=UTF-8''${encodeURIComponent('rapport über Q1.pdf')}`,
    );
  });

  it('refuses what its bytes say is not allowed: HTML, SVG, executables, polyglots starting as markup', async () => {
    const v = await startChat(t.app, {});
    const cases: [string, string, Buffer][] = [
      ['page.png', 'image/png', Buffer.from('<html><script>alert(1)</script></html>')],
      ['logo.svg', 'image/svg+xml', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
      ['tool.exe', 'application/octet-stream', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00])],
      ['notes.txt', 'text/plain', Buffer.from('hello <script>alert(1)</script>')],
      ['bin.txt', 'text/plain', Buffer.from([0x68, 0x69, 0x00, 0x01])],
    ];
    for (const [name, type, content] of cases) {
      const res = await upload(v.token, v.conversation.id, name, type, content);
      expect(res.statusCode, name).toBe(415);
      expect(json(res).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    const text = await upload(
      v.token,
      v.conversation.id,
      'notes.txt',
      'text/plain',
      Buffer.from('order 12345, thanks ✓'),
    );
    expect(json(text).attachment.mimeType).toBe('text/plain');
  });

  it('413 one byte over the limit; exactly at the limit is fine; empty files are 400', async () => {
    const v = await startChat(t.app, {});
    const at = Buffer.concat([PNG.subarray(0, 8), Buffer.alloc(2048 - 8, 7)]);
    expect((await upload(v.token, v.conversation.id, 'a.png', 'image/png', at)).statusCode).toBe(201);
    const over = await upload(v.token, v.conversation.id, 'b.png', 'image/png', Buffer.concat([at, Buffer.from([1])]));
    expect(over.statusCode).toBe(413);
    expect(json(over).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await upload(v.token, v.conversation.id, 'c.png', 'image/png', Buffer.alloc(0))).statusCode).toBe(400);
  });

  it('another visitor can neither upload to nor download from the conversation; bad requests are 4xx', async () => {
    const a = await startChat(t.app, {});
    const b = await startChat(t.app, {});
    const { attachment } = json(await upload(a.token, a.conversation.id, 'a.png', 'image/png', PNG));
    expect((await upload(b.token, a.conversation.id, 'x.png', 'image/png', PNG)).statusCode).toBe(404);
    expect((await t.app.inject({ url: attachment.url, headers: bearer(b.token) })).statusCode).toBe(404);
    expect((await t.app.inject({ url: attachment.url })).statusCode).toBe(401);
    expect(
      (await t.app.inject({ url: '/api/uploads/00000000-0000-4000-8000-000000000000', headers: bearer(a.token) }))
        .statusCode,
    ).toBe(404);
    const notMultipart = await t.app.inject({
      method: 'POST',
      url: `/api/uploads?conversationId=${a.conversation.id}`,
      headers: bearer(a.token),
      payload: { file: 'x' },
    });
    expect(notMultipart.statusCode).toBe(415);
    expect((await upload(a.token, 'not-a-uuid', 'a.png', 'image/png', PNG)).statusCode).toBe(400);
  });
});
