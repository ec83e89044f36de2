// The REST half of the client: typed calls, errors as ApiError with the server's code.
import type {
  CreateWebhookBody,
  CrmContextResponse,
  DeliveryResponse,
  IntegrationSettings,
  IntegrationStatus,
  ListDeliveriesQuery,
  ListDeliveriesResponse,
  ListWebhooksResponse,
  UpdateWebhookBody,
  WebhookResponse,
  WebhookSecretResponse,
  AgentActivityResponse,
  AgentResponse,
  ApiKey,
  ApiKeyScope,
  AgentStatusBody,
  AnalyticsParams,
  AnalyticsResponse,
  AgentsReport,
  CsatReport,
  HeatmapQuery,
  HeatmapReport,
  IssuesReport,
  LiveOverviewResponse,
  OverviewReport,
  ReportQuery,
  SlaReport,
  TeamsReport,
  Attachment,
  AvailabilityResponse,
  CannedResponseResponse,
  ConversationResponse,
  CreateAgentBody,
  CreateAgentResponse,
  CreateApiKeyResponse,
  CreateSiteBody,
  CreateCannedResponseBody,
  CreateRoutingRuleBody,
  CreateTeamBody,
  CreateLabelBody,
  UpdateLabelBody,
  LabelResponse,
  ListLabelsResponse,
  DeleteLabelResponse,
  CreateSavedViewBody,
  UpdateSavedViewBody,
  SavedViewResponse,
  ListSavedViewsResponse,
  ListMacrosResponse,
  ContactResponse,
  ContactNoteResponse,
  UpdateContactBody,
  ReactBody,
  MergeBody,
  MergeConversationResponse,
  MergeTicketResponse,
  MacroResponse,
  CreateMacroBody,
  UpdateMacroBody,
  RunMacroResponse,
  DeactivateAgentResponse,
  DeleteTeamParams,
  DeleteTeamResponse,
  CreateTicketBody,
  CreateTicketResponse,
  ErrorBody,
  ListAgentsResponse,
  ListApiKeysResponse,
  ListAuditParams,
  ListAuditResponse,
  ListCannedResponsesParams,
  ListCannedResponsesResponse,
  ListConversationsParams,
  ListConversationsResponse,
  ListEventsParams,
  ListEventsResponse,
  ListMessagesParams,
  ListMessagesResponse,
  ListRoutingRulesResponse,
  ListSitesResponse,
  PublicSiteResponse,
  ListTeamsResponse,
  ListTicketsParams,
  ListTicketsResponse,
  RenameCannedCategoryResponse,
  LoginResponse,
  MarkReadResponse,
  MeResponse,
  MessageResponse,
  OkResponse,
  QueueParams,
  QueueResponse,
  RatingResponse,
  ReorderRulesBody,
  RoutingRuleResponse,
  SearchParams,
  SearchResponse,
  SendMessageBody,
  SiteResponse,
  SiteSecretResponse,
  SlaPolicyResponse,
  StartChatBody,
  StartChatResponse,
  TeamResponse,
  TestRoutingBody,
  TestRoutingResponse,
  TicketResponse,
  TranscriptResponse,
  TransferBody,
  UpdateAgentBody,
  UpdateCannedResponseBody,
  UpdateConversationBody,
  UpdateMeBody,
  UpdateRoutingRuleBody,
  UpdateSiteBody,
  UpdateSlaPolicyBody,
  UpdateTeamBody,
  UpdateTicketBody,
  UseCannedResponseResponse,
} from '@support-chat/protocol';

const contactQuery = (siteId: string, customerId: string) => new URLSearchParams({ siteId, customerId }).toString();

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

/** A page of history (kept as its own name: older code imports it). */
export type MessagePage = ListMessagesResponse;

/** The reports under /api/analytics and what each answers. */
export interface Reports {
  overview: OverviewReport;
  agents: AgentsReport;
  teams: TeamsReport;
  sla: SlaReport;
  heatmap: HeatmapReport;
  issues: IssuesReport;
  csat: CsatReport;
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
        if (
          !(err instanceof ApiError) ||
          err.status !== 503 ||
          err.code === 'EMAIL_NOT_CONFIGURED' ||
          attempt >= this.retries
        )
          throw err;
        const seconds = Math.min(
          10,
          Math.max(0.1, Number((err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds) || 1),
        );
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
      method,
      headers,
      body: body === undefined ? undefined : isForm ? (body as FormData) : JSON.stringify(body),
      signal,
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
    const r = await this.request<StartChatResponse>('POST', '/api/chat/start', body);
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
    return this.request<ConversationResponse>('GET', `/api/chat/${enc(id)}`).then((r) => r.conversation);
  }

  listConversations(q: ListConversationsParams = {}) {
    return this.request<ListConversationsResponse>('GET', `/api/chat${query(q)}`);
  }

  updateConversation(id: string, body: UpdateConversationBody) {
    return this.request<ConversationResponse>('PUT', `/api/chat/${enc(id)}`, body).then((r) => r.conversation);
  }

  sendMessage(id: string, body: SendMessageBody) {
    return this.request<MessageResponse>('POST', `/api/chat/${enc(id)}/message`, body).then((r) => r.message);
  }

  /** History by seq: the newest page, the page before `beforeSeq`, or everything after `afterSeq`; `q` keeps only matches. */
  listMessages(id: string, q: ListMessagesParams = {}, signal?: AbortSignal) {
    return this.request<MessagePage>('GET', `/api/chat/${enc(id)}/messages${query(q)}`, undefined, signal);
  }

  /** Long-poll: every event after the cursor `afterSeq` (held up to `wait` seconds); poll again from `lastSeq`. */
  listEvents(id: string, q: ListEventsParams, signal?: AbortSignal) {
    return this.request<ListEventsResponse>('GET', `/api/chat/${enc(id)}/events${query(q)}`, undefined, signal);
  }

  markRead(id: string, messageId: string) {
    return this.request<MarkReadResponse>('POST', `/api/chat/${enc(id)}/read`, { messageId });
  }

  setTyping(id: string, isTyping: boolean) {
    return this.request<OkResponse>('POST', `/api/chat/${enc(id)}/typing`, { isTyping });
  }

  getQueue(q: QueueParams = {}) {
    return this.request<QueueResponse>('GET', `/api/chat/queue${query(q)}`).then((r) => r.queue);
  }

  getAnalytics(q: AnalyticsParams = {}) {
    return this.request<AnalyticsResponse>('GET', `/api/chat/analytics${query(q)}`).then((r) => r.analytics);
  }

  /** One report (`/api/analytics/<name>`); agents get their own figures. */
  getReport<K extends keyof Reports>(name: K, q: K extends 'heatmap' ? HeatmapQuery : ReportQuery = {}) {
    return this.request<Reports[K]>('GET', `/api/analytics/${name}${query({ ...q, format: undefined })}`);
  }

  /** Where a report's table downloads as CSV (a link the browser follows with the session cookie). */
  reportCsvUrl(name: keyof Reports, q: ReportQuery = {}) {
    return `${this.baseUrl}/api/analytics/${name}${query({ ...q, format: 'csv' })}`;
  }

  getLiveOverview() {
    return this.request<LiveOverviewResponse>('GET', '/api/analytics/live').then((r) => r.live);
  }

  /**
   * Uploads a file to a conversation; put the result in a message's `attachments`. With `onProgress` (browsers), the
   * upload goes through XMLHttpRequest, the only browser API that reports upload progress.
   */
  uploadFile(
    conversationId: string,
    file: Blob,
    filename: string,
    opts: { onProgress?: (loaded: number, total: number) => void } = {},
  ) {
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
        const body = safeJson(xhr.responseText) as
          | { attachment?: Attachment & { id: string }; error?: { code: string; message: string; details?: unknown } }
          | undefined;
        if (xhr.status >= 200 && xhr.status < 300 && body?.attachment) resolve(body.attachment);
        else
          reject(
            new ApiError(
              xhr.status,
              body?.error?.code ?? 'HTTP_ERROR',
              body?.error?.message ?? `HTTP ${xhr.status}`,
              body?.error?.details,
            ),
          );
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
    return this.request<{ rating: NonNullable<RatingResponse['rating']> }>('PUT', `/api/chat/${enc(id)}/rating`, {
      rating,
      ...(comment ? { comment } : {}),
    }).then((r) => r.rating);
  }

  /** The conversation's CSAT, or null before the customer rated it. */
  getRating(id: string) {
    return this.request<RatingResponse>('GET', `/api/chat/${enc(id)}/rating`).then((r) => r.rating);
  }

  // ---- routing (agents) ---------------------------------------------------------------------------------

  /** Take a queued chat; ApiError 409 ALREADY_ASSIGNED (details.agentId) if someone was faster. */
  acceptConversation(id: string) {
    return this.request<ConversationResponse>('POST', `/api/chat/${enc(id)}/accept`).then((r) => r.conversation);
  }

  transferConversation(id: string, to: TransferBody) {
    return this.request<ConversationResponse>('POST', `/api/chat/${enc(id)}/transfer`, to).then((r) => r.conversation);
  }

  returnToQueue(id: string) {
    return this.request<ConversationResponse>('POST', `/api/chat/${enc(id)}/return`).then((r) => r.conversation);
  }

  setAgentStatus(agentId: string, status: AgentStatusBody['status']) {
    return this.request<AgentResponse>('PUT', `/api/agents/${enc(agentId)}/status`, { status }).then((r) => r.agent);
  }

  /** Whether a chat started now would be answered, and about when (public). */
  getAvailability(siteKey: string) {
    return this.request<AvailabilityResponse>('GET', `/api/sites/${enc(siteKey)}/availability`).then(
      (r) => r.availability,
    );
  }

  /** What a widget may know of a site: its name, whether it verifies identities, and its widget settings (public). */
  getPublicSite(siteKey: string) {
    return this.request<PublicSiteResponse>('GET', `/api/sites/by-key/${enc(siteKey)}`).then((r) => r.site);
  }

  // ---- tickets ------------------------------------------------------------------------------------------

  createTicket(body: CreateTicketBody) {
    return this.request<CreateTicketResponse>('POST', '/api/tickets', body);
  }

  listTickets(q: ListTicketsParams = {}) {
    return this.request<ListTicketsResponse>('GET', `/api/tickets${query(q)}`);
  }

  getTicket(id: string) {
    return this.request<TicketResponse>('GET', `/api/tickets/${enc(id)}`).then((r) => r.ticket);
  }

  updateTicket(id: string, body: UpdateTicketBody) {
    return this.request<TicketResponse>('PUT', `/api/tickets/${enc(id)}`, body).then((r) => r.ticket);
  }

  // ---- agents' tools ------------------------------------------------------------------------------------

  /** Who this session is (cookie or token): the user and, for agents, their agent profile. */
  me() {
    return this.request<MeResponse>('GET', '/api/auth/me');
  }

  /** Your own name, or password (with the current one; your other sessions end). */
  updateMe(body: UpdateMeBody) {
    return this.request<MeResponse>('PUT', '/api/auth/me', body);
  }

  listAgents() {
    return this.request<ListAgentsResponse>('GET', '/api/agents').then((r) => r.agents);
  }

  /** What each agent has done since an instant (admins): chats taken, resolved, replies. */
  agentActivity(since: string) {
    return this.request<AgentActivityResponse>('GET', `/api/agents/activity${query({ since })}`).then(
      (r) => r.activity,
    );
  }

  listTeams() {
    return this.request<ListTeamsResponse>('GET', '/api/teams').then((r) => r.teams);
  }

  /** The label catalogue: each tag's colour and description (for completion and filters). */
  listLabels() {
    return this.request<ListLabelsResponse>('GET', '/api/labels').then((r) => r.labels);
  }

  /** Your saved views (named conversation filters). */
  listViews() {
    return this.request<ListSavedViewsResponse>('GET', '/api/views').then((r) => r.views);
  }

  createView(body: CreateSavedViewBody) {
    return this.request<SavedViewResponse>('POST', '/api/views', body).then((r) => r.view);
  }

  updateView(id: string, body: UpdateSavedViewBody) {
    return this.request<SavedViewResponse>('PUT', `/api/views/${enc(id)}`, body).then((r) => r.view);
  }

  deleteView(id: string) {
    return this.request<OkResponse>('DELETE', `/api/views/${enc(id)}`);
  }

  /** Adds (`on: true`) or takes back your reaction to a message; answers the message with its reactions. */
  react(conversationId: string, messageId: string, body: ReactBody) {
    return this.request<MessageResponse>(
      'PUT',
      `/api/chat/${enc(conversationId)}/messages/${enc(messageId)}/reactions`,
      body,
    ).then((r) => r.message);
  }

  /** The contact page of a customer on a site: who they are, their conversations and tickets, notes about them. */
  getContact(siteId: string, customerId: string) {
    return this.request<ContactResponse>('GET', `/api/contact?${contactQuery(siteId, customerId)}`);
  }

  updateContact(siteId: string, customerId: string, body: UpdateContactBody) {
    return this.request<ContactResponse>('PUT', `/api/contact?${contactQuery(siteId, customerId)}`, body);
  }

  addContactNote(siteId: string, customerId: string, body: string) {
    return this.request<ContactNoteResponse>('POST', `/api/contact/notes?${contactQuery(siteId, customerId)}`, {
      body,
    }).then((r) => r.note);
  }

  /** Merges another conversation of the same customer into this one (that one is closed, pointing here). */
  mergeConversation(id: string, body: MergeBody) {
    return this.request<MergeConversationResponse>('POST', `/api/chat/${enc(id)}/merge`, body);
  }

  /** Merges another ticket of the same customer into this one (with its thread, when it has its own). */
  mergeTicket(id: string, body: MergeBody) {
    return this.request<MergeTicketResponse>('POST', `/api/tickets/${enc(id)}/merge`, body);
  }

  /** The shared macros and your own. */
  listMacros() {
    return this.request<ListMacrosResponse>('GET', '/api/macros').then((r) => r.macros);
  }

  createMacro(body: CreateMacroBody) {
    return this.request<MacroResponse>('POST', '/api/macros', body).then((r) => r.macro);
  }

  updateMacro(id: string, body: UpdateMacroBody) {
    return this.request<MacroResponse>('PUT', `/api/macros/${enc(id)}`, body).then((r) => r.macro);
  }

  deleteMacro(id: string) {
    return this.request<OkResponse>('DELETE', `/api/macros/${enc(id)}`);
  }

  /** Runs a macro's steps on a conversation in order; the first that fails stops the run (its error names it). */
  runMacro(conversationId: string, macroId: string) {
    return this.request<RunMacroResponse>('POST', `/api/chat/${enc(conversationId)}/macros/${enc(macroId)}/run`);
  }

  // ---- admin ------------------------------------------------------------------------------------------

  createLabel(body: CreateLabelBody) {
    return this.request<LabelResponse>('POST', '/api/labels', body).then((r) => r.label);
  }

  /** A new name renames the tag on every conversation and ticket that carries it. */
  updateLabel(id: string, body: UpdateLabelBody) {
    return this.request<LabelResponse>('PUT', `/api/labels/${enc(id)}`, body).then((r) => r.label);
  }

  /** The tag is taken off every conversation and ticket; `untagged` says how many. */
  deleteLabel(id: string) {
    return this.request<DeleteLabelResponse>('DELETE', `/api/labels/${enc(id)}`);
  }

  /** A new agent and their login; without `password`, one is generated and returned once as `initialPassword`. */
  createAgent(body: CreateAgentBody) {
    return this.request<CreateAgentResponse>('POST', '/api/agents', body);
  }

  updateAgent(id: string, body: UpdateAgentBody) {
    return this.request<AgentResponse>('PUT', `/api/agents/${enc(id)}`, body).then((r) => r.agent);
  }

  /** Their open chats go back to the queue and their sessions end; they cannot sign in until reactivated. */
  deactivateAgent(id: string) {
    return this.request<DeactivateAgentResponse>('POST', `/api/agents/${enc(id)}/deactivate`);
  }

  reactivateAgent(id: string) {
    return this.request<AgentResponse>('POST', `/api/agents/${enc(id)}/reactivate`).then((r) => r.agent);
  }

  createTeam(body: CreateTeamBody) {
    return this.request<TeamResponse>('POST', '/api/teams', body).then((r) => r.team);
  }

  updateTeam(id: string, body: UpdateTeamBody) {
    return this.request<TeamResponse>('PUT', `/api/teams/${enc(id)}`, body).then((r) => r.team);
  }

  /** 409 TEAM_NOT_EMPTY (with counts) while it holds members, chats, tickets or rules, unless `reassignTo`. */
  deleteTeam(id: string, q: DeleteTeamParams = {}) {
    return this.request<DeleteTeamResponse>('DELETE', `/api/teams/${enc(id)}${query(q)}`);
  }

  /** Routing rules in the order they are tried. */
  listRoutingRules() {
    return this.request<ListRoutingRulesResponse>('GET', '/api/routing-rules').then((r) => r.rules);
  }

  createRoutingRule(body: CreateRoutingRuleBody) {
    return this.request<RoutingRuleResponse>('POST', '/api/routing-rules', body).then((r) => r.rule);
  }

  updateRoutingRule(id: string, body: UpdateRoutingRuleBody) {
    return this.request<RoutingRuleResponse>('PUT', `/api/routing-rules/${enc(id)}`, body).then((r) => r.rule);
  }

  deleteRoutingRule(id: string) {
    return this.request<RoutingRuleResponse>('DELETE', `/api/routing-rules/${enc(id)}`).then((r) => r.rule);
  }

  /** `ids`: every rule once, in the order they should be tried. */
  reorderRoutingRules(ids: ReorderRulesBody['ids']) {
    return this.request<ListRoutingRulesResponse>('PUT', '/api/routing-rules/order', { ids }).then((r) => r.rules);
  }

  /** Which rule a sample chat would meet, and where it would go (nothing is created). */
  testRouting(body: TestRoutingBody) {
    return this.request<TestRoutingResponse>('POST', '/api/routing-rules/test', body);
  }

  /** First-response hours per priority. */
  getSlaPolicy() {
    return this.request<SlaPolicyResponse>('GET', '/api/settings/sla').then((r) => r.sla);
  }

  updateSlaPolicy(body: UpdateSlaPolicyBody) {
    return this.request<SlaPolicyResponse>('PUT', '/api/settings/sla', body).then((r) => r.sla);
  }

  listSites() {
    return this.request<ListSitesResponse>('GET', '/api/sites').then((r) => r.sites);
  }

  /** A new site; `identitySecret` is in this answer only, store it now. */
  createSite(body: CreateSiteBody) {
    return this.request<SiteSecretResponse>('POST', '/api/sites', body);
  }

  /** Name, origins, verification, widget settings (only those named change), business hours. */
  updateSite(id: string, body: UpdateSiteBody) {
    return this.request<SiteResponse>('PUT', `/api/sites/${enc(id)}`, body).then((r) => r.site);
  }

  /** A new identity secret, in this answer only; hashes made with the old one stop verifying. */
  rotateIdentitySecret(id: string) {
    return this.request<SiteSecretResponse>('POST', `/api/sites/${enc(id)}/identity-secret`);
  }

  listApiKeys() {
    return this.request<ListApiKeysResponse>('GET', '/api/api-keys').then((r) => r.apiKeys);
  }

  /** A server-to-server key (scope: admin by default); `key` is in this answer only, store it now. */
  createApiKey(name: string, scope?: ApiKeyScope) {
    return this.request<CreateApiKeyResponse>('POST', '/api/api-keys', { name, ...(scope ? { scope } : {}) });
  }

  revokeApiKey(id: string) {
    return this.request<{ apiKey: ApiKey }>('DELETE', `/api/api-keys/${enc(id)}`).then((r) => r.apiKey);
  }

  /** What the CRM knows of a conversation's customer (company, plan, orders, timeline), as text. */
  getCrmContext(conversationId: string) {
    return this.request<CrmContextResponse>('GET', `/api/chat/${enc(conversationId)}/crm`).then((r) => r.context);
  }

  listWebhooks() {
    return this.request<ListWebhooksResponse>('GET', '/api/webhooks').then((r) => r.webhooks);
  }

  /** A new webhook; its signing `secret` is in this answer only, store it with the receiver now. */
  createWebhook(body: CreateWebhookBody) {
    return this.request<WebhookSecretResponse>('POST', '/api/webhooks', body);
  }

  updateWebhook(id: string, body: UpdateWebhookBody) {
    return this.request<WebhookResponse>('PUT', `/api/webhooks/${enc(id)}`, body).then((r) => r.webhook);
  }

  deleteWebhook(id: string) {
    return this.request<{ ok: true }>('DELETE', `/api/webhooks/${enc(id)}`);
  }

  /** A new signing secret, in this answer only. */
  rotateWebhookSecret(id: string) {
    return this.request<WebhookSecretResponse>('POST', `/api/webhooks/${enc(id)}/secret`);
  }

  /** Sends a `webhook.test` delivery now. */
  testWebhook(id: string) {
    return this.request<DeliveryResponse>('POST', `/api/webhooks/${enc(id)}/test`).then((r) => r.delivery);
  }

  /** The outbox's log: emails, texts, CRM calls and webhook deliveries, newest first. */
  listDeliveries(q: ListDeliveriesQuery = {}) {
    return this.request<ListDeliveriesResponse>('GET', `/api/deliveries${query(q)}`);
  }

  redeliver(id: string) {
    return this.request<DeliveryResponse>('POST', `/api/deliveries/${enc(id)}/redeliver`).then((r) => r.delivery);
  }

  /** What this server has set up (email, SMS, CRM) and the integration settings. */
  getIntegrations() {
    return this.request<IntegrationStatus>('GET', '/api/integrations');
  }

  updateIntegrationSettings(body: Partial<IntegrationSettings>) {
    return this.request<IntegrationStatus>('PUT', '/api/integrations/settings', body);
  }

  listAuditLog(q: ListAuditParams = {}) {
    return this.request<ListAuditResponse>('GET', `/api/audit-log${query(q)}`);
  }

  listCannedResponses(q: ListCannedResponsesParams = {}) {
    return this.request<ListCannedResponsesResponse>('GET', `/api/canned-responses${query(q)}`).then(
      (r) => r.cannedResponses,
    );
  }

  createCannedResponse(body: CreateCannedResponseBody) {
    return this.request<CannedResponseResponse>('POST', '/api/canned-responses', body).then((r) => r.cannedResponse);
  }

  updateCannedResponse(id: string, body: UpdateCannedResponseBody) {
    return this.request<CannedResponseResponse>('PUT', `/api/canned-responses/${enc(id)}`, body).then(
      (r) => r.cannedResponse,
    );
  }

  deleteCannedResponse(id: string) {
    return this.request<OkResponse>('DELETE', `/api/canned-responses/${enc(id)}`);
  }

  /** Renames a category on every response you may change (an admin: the shared ones and their own). */
  renameCannedCategory(category: string, name: string) {
    return this.request<RenameCannedCategoryResponse>('PUT', `/api/canned-responses/categories/${enc(category)}`, {
      name,
    }).then((r) => r.renamed);
  }

  /** The response's text with placeholders filled for a conversation (counts one use; sends nothing). */
  useCannedResponse(id: string, conversationId?: string) {
    return this.request<UseCannedResponseResponse>('POST', `/api/canned-responses/${enc(id)}/use`, { conversationId });
  }

  /** Full-text search over messages, customers, subjects, tags and ticket subjects, with filters. */
  search(q: SearchParams) {
    return this.request<SearchResponse>('GET', `/api/search${query(q)}`);
  }
}

function enc(s: string) {
  return encodeURIComponent(s);
}

function query(q: object): string {
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
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
