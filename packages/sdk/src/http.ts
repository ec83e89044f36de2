// The REST half of the client: typed calls, errors as ApiError with the server's code.
import type {
  Agent, Attachment, Availability, CannedResponse, ChatAnalytics, CreateCannedResponseBody, SearchHit, Team, UpdateCannedResponseBody, User, ConversationRating, Conversation, CreateTicketBody, ErrorBody, ListTicketsResponse, LoginResponse, MarkReadResponse, Message,
  QueueEntry, StartChatBody, Ticket, TranscriptResponse, UpdateConversationBody, UpdateTicketBody, ListEventsResponse,
} from '@support-chat/protocol';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface HttpOptions {
  /** Where the server is, e.g. `https://chat.example.com`; '' for same-origin calls in a browser. */
  baseUrl: string;
  /** A visitor token, a session token or an API key. Without one, same-origin cookies are used. */
  token?: string;
  fetch?: FetchLike;
  /** How often a call answered 503 (the server's database briefly away) is retried after its Retry-After. Default 2. */
  retries?: number;
}

export interface MessagePage {
  messages: Message[];
  hasMore: boolean;
}

export class HttpClient {
  token: string | undefined;
  private readonly retries: number;
  readonly baseUrl: string;
  private readonly fetchImpl: FetchLike;

  constructor(opts: HttpOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.token = opts.token;
    this.retries = opts.retries ?? 2;
    const f = opts.fetch ?? (globalThis.fetch as FetchLike | undefined);
    if (!f) throw new Error('support-chat: no fetch available; pass options.fetch');
    this.fetchImpl = f.bind(globalThis) as FetchLike;
  }

  async request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.requestOnce<T>(method, path, body, signal);
      } catch (err) {
        // 503 means nothing was done (the server's database was briefly away): wait as told, then try again.
        if (!(err instanceof ApiError) || err.status !== 503 || err.code === 'EMAIL_NOT_CONFIGURED' || attempt >= this.retries) throw err;
        const seconds = Math.min(10, Math.max(0.1, Number((err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds) || 1));
        await sleep(seconds * 1000, signal);
      }
    }
  }

  private async requestOnce<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = {};
    const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
    // FormData sets its own multipart boundary.
    if (body !== undefined && !isForm) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const res = await this.fetchImpl(this.baseUrl + path, {
      method, headers, body: body === undefined ? undefined : isForm ? (body as FormData) : JSON.stringify(body), signal,
      credentials: this.token ? 'omit' : 'same-origin',
    });
    const text = await res.text();
    const parsed: unknown = text ? safeJson(text) : undefined;
    if (!res.ok) {
      const err = (parsed as ErrorBody | undefined)?.error;
      throw new ApiError(res.status, err?.code ?? 'HTTP_ERROR', err?.message ?? `HTTP ${res.status}`, err?.details);
    }
    return parsed as T;
  }

  // ---- visitors and agents ------------------------------------------------------------------------------

  /** Starts (or returns the open) conversation and keeps the visitor token for the calls that follow. */
  async startConversation(body: StartChatBody = {}) {
    const r = await this.request<{ conversation: Conversation; visitorToken: string }>('POST', '/api/chat/start', body);
    this.token = r.visitorToken;
    return r;
  }

  /** Agent or admin login; the session token is kept for the calls that follow. */
  async login(email: string, password: string) {
    const r = await this.request<LoginResponse>('POST', '/api/auth/login', { email, password });
    this.token = r.token;
    return r;
  }

  async logout() {
    await this.request('POST', '/api/auth/logout');
    this.token = undefined;
  }

  getConversation(id: string) {
    return this.request<{ conversation: Conversation }>('GET', `/api/chat/${enc(id)}`).then((r) => r.conversation);
  }

  listConversations(q: {
    status?: Conversation['status']; channel?: Conversation['channel']; agentId?: string; customerId?: string; limit?: number; offset?: number;
  } = {}) {
    return this.request<{ conversations: Conversation[]; total: number }>('GET', `/api/chat${query(q)}`);
  }

  updateConversation(id: string, body: UpdateConversationBody) {
    return this.request<{ conversation: Conversation }>('PUT', `/api/chat/${enc(id)}`, body).then((r) => r.conversation);
  }

  sendMessage(id: string, body: {
    content: string; messageType?: Message['messageType']; attachments?: Message['attachments']; clientMessageId?: string; isPrivate?: boolean;
  }) {
    return this.request<{ message: Message }>('POST', `/api/chat/${enc(id)}/message`, body).then((r) => r.message);
  }

  /** History by seq: the newest page, the page before `beforeSeq`, or everything after `afterSeq`; `q` keeps only matches. */
  listMessages(id: string, q: { limit?: number; beforeSeq?: number; afterSeq?: number; wait?: number; q?: string } = {}, signal?: AbortSignal) {
    return this.request<MessagePage>('GET', `/api/chat/${enc(id)}/messages${query(q)}`, undefined, signal);
  }

  /** Long-poll: every event after the cursor `afterSeq` (held up to `wait` seconds); poll again from `lastSeq`. */
  listEvents(id: string, q: { afterSeq: number; wait?: number; limit?: number; stream?: string }, signal?: AbortSignal) {
    return this.request<ListEventsResponse>('GET', `/api/chat/${enc(id)}/events${query(q)}`, undefined, signal);
  }

  markRead(id: string, messageId: string) {
    return this.request<MarkReadResponse>('POST', `/api/chat/${enc(id)}/read`, { messageId });
  }

  setTyping(id: string, isTyping: boolean) {
    return this.request<{ ok: true }>('POST', `/api/chat/${enc(id)}/typing`, { isTyping });
  }

  getQueue(q: { teamId?: string } = {}) {
    return this.request<{ queue: QueueEntry[] }>('GET', `/api/chat/queue${query(q)}`).then((r) => r.queue);
  }

  getAnalytics(q: { from?: string; to?: string } = {}) {
    return this.request<{ analytics: ChatAnalytics }>('GET', `/api/chat/analytics${query(q)}`).then((r) => r.analytics);
  }

  /**
   * Uploads a file to a conversation; put the result in a message's `attachments`. With `onProgress` (browsers), the
   * upload goes through XMLHttpRequest, the only browser API that reports upload progress.
   */
  uploadFile(conversationId: string, file: Blob, filename: string, opts: { onProgress?: (loaded: number, total: number) => void } = {}) {
    const form = new FormData();
    form.append('file', file, filename);
    const path = `/api/uploads?conversationId=${enc(conversationId)}`;
    const XHR = (globalThis as { XMLHttpRequest?: typeof XMLHttpRequest }).XMLHttpRequest;
    if (!opts.onProgress || !XHR) {
      return this.request<{ attachment: Attachment & { id: string } }>('POST', path, form).then((r) => r.attachment);
    }
    const onProgress = opts.onProgress;
    return new Promise<Attachment & { id: string }>((resolve, reject) => {
      const xhr = new XHR();
      xhr.open('POST', this.baseUrl + path);
      if (this.token) xhr.setRequestHeader('authorization', `Bearer ${this.token}`);
      xhr.withCredentials = !this.token;
      xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
      xhr.onerror = () => reject(new ApiError(0, 'NETWORK_ERROR', 'The upload failed'));
      xhr.onload = () => {
        const body = safeJson(xhr.responseText) as { attachment?: Attachment & { id: string }; error?: { code: string; message: string; details?: unknown } } | undefined;
        if (xhr.status >= 200 && xhr.status < 300 && body?.attachment) resolve(body.attachment);
        else reject(new ApiError(xhr.status, body?.error?.code ?? 'HTTP_ERROR', body?.error?.message ?? `HTTP ${xhr.status}`, body?.error?.details));
      };
      xhr.send(form);
    });
  }

  /** A download URL usable in `<img src>` (carries the token when there is one). */
  fileUrl(attachment: { url: string }) {
    return this.baseUrl + attachment.url + (this.token ? `?token=${encodeURIComponent(this.token)}` : '');
  }

  /** Email the transcript (visitors: to the conversation's own address). */
  requestTranscript(id: string, email?: string) {
    return this.request<TranscriptResponse>('POST', `/api/chat/${enc(id)}/transcript`, email ? { email } : {});
  }

  /** CSAT: rate a resolved conversation 1-5. */
  rateConversation(id: string, rating: number, comment?: string) {
    return this.request<{ rating: ConversationRating }>('PUT', `/api/chat/${enc(id)}/rating`, { rating, ...(comment ? { comment } : {}) })
      .then((r) => r.rating);
  }

  /** The conversation's CSAT, or null before the customer rated it. */
  getRating(id: string) {
    return this.request<{ rating: ConversationRating | null }>('GET', `/api/chat/${enc(id)}/rating`).then((r) => r.rating);
  }

  // ---- routing (agents) ---------------------------------------------------------------------------------

  /** Take a queued chat; ApiError 409 ALREADY_ASSIGNED (details.agentId) if someone was faster. */
  acceptConversation(id: string) {
    return this.request<{ conversation: Conversation }>('POST', `/api/chat/${enc(id)}/accept`).then((r) => r.conversation);
  }

  transferConversation(id: string, to: { agentId: string } | { teamId: string }) {
    return this.request<{ conversation: Conversation }>('POST', `/api/chat/${enc(id)}/transfer`, to).then((r) => r.conversation);
  }

  returnToQueue(id: string) {
    return this.request<{ conversation: Conversation }>('POST', `/api/chat/${enc(id)}/return`).then((r) => r.conversation);
  }

  setAgentStatus(agentId: string, status: Agent['status']) {
    return this.request<{ agent: Agent }>('PUT', `/api/agents/${enc(agentId)}/status`, { status }).then((r) => r.agent);
  }

  /** Whether a chat started now would be answered, and about when (public). */
  getAvailability(siteKey: string) {
    return this.request<{ availability: Availability }>('GET', `/api/sites/${enc(siteKey)}/availability`).then((r) => r.availability);
  }

  // ---- tickets ------------------------------------------------------------------------------------------

  createTicket(body: CreateTicketBody) {
    return this.request<{ ticket: Ticket; visitorToken?: string }>('POST', '/api/tickets', body);
  }

  listTickets(q: Record<string, string | number | undefined> = {}) {
    return this.request<ListTicketsResponse>('GET', `/api/tickets${query(q)}`);
  }

  getTicket(id: string) {
    return this.request<{ ticket: Ticket }>('GET', `/api/tickets/${enc(id)}`).then((r) => r.ticket);
  }

  updateTicket(id: string, body: UpdateTicketBody) {
    return this.request<{ ticket: Ticket }>('PUT', `/api/tickets/${enc(id)}`, body).then((r) => r.ticket);
  }

  // ---- agents' tools ------------------------------------------------------------------------------------

  /** Who this session is (cookie or token): the user and, for agents, their agent profile. */
  me() {
    return this.request<{ user: User; agent: Agent | null }>('GET', '/api/auth/me');
  }

  listAgents() {
    return this.request<{ agents: Agent[] }>('GET', '/api/agents').then((r) => r.agents);
  }

  listTeams() {
    return this.request<{ teams: Team[] }>('GET', '/api/teams').then((r) => r.teams);
  }

  listCannedResponses(q: { q?: string; category?: string; scope?: 'all' | 'shared' | 'mine' } = {}) {
    return this.request<{ cannedResponses: CannedResponse[] }>('GET', `/api/canned-responses${query(q)}`).then((r) => r.cannedResponses);
  }

  createCannedResponse(body: CreateCannedResponseBody) {
    return this.request<{ cannedResponse: CannedResponse }>('POST', '/api/canned-responses', body).then((r) => r.cannedResponse);
  }

  updateCannedResponse(id: string, body: UpdateCannedResponseBody) {
    return this.request<{ cannedResponse: CannedResponse }>('PUT', `/api/canned-responses/${enc(id)}`, body).then((r) => r.cannedResponse);
  }

  deleteCannedResponse(id: string) {
    return this.request<{ ok: true }>('DELETE', `/api/canned-responses/${enc(id)}`);
  }

  /** The response's text with placeholders filled for a conversation (counts one use; sends nothing). */
  useCannedResponse(id: string, conversationId?: string) {
    return this.request<{ content: string; cannedResponse: CannedResponse }>('POST', `/api/canned-responses/${enc(id)}/use`, { conversationId });
  }

  /** Full-text search over messages, customers, subjects, tags and ticket subjects, with filters. */
  search(q: {
    q: string; status?: Conversation['status']; channel?: Conversation['channel']; agentId?: string; customerId?: string; tag?: string;
    from?: string; to?: string; limit?: number; offset?: number;
  }) {
    return this.request<{ results: SearchHit[]; total: number }>('GET', `/api/search${query(q)}`);
  }
}

function enc(s: string) {
  return encodeURIComponent(s);
}

function query(q: Record<string, string | number | boolean | undefined>): string {
  const parts = Object.entries(q)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}
