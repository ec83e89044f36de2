// The SDK's calls are typed from the protocol's schemas, so a change in the contract shows up here at compile time
// (the typecheck test runs tsc over this file). The runtime assertions only check that the file ran.
import { describe, expectTypeOf, it } from 'vitest';
import type {
  ConversationResponse,
  ListTicketsParams,
  ListTicketsResponse,
  MeResponse,
  SearchResponse,
  SupportChatClient,
  Ticket,
} from '../src/index.js';

type Result<K extends keyof SupportChatClient> = SupportChatClient[K] extends (...args: never[]) => Promise<infer R>
  ? R
  : never;

describe('SDK types', () => {
  it("answers with the protocol's response types", () => {
    expectTypeOf<Result<'listTickets'>>().toEqualTypeOf<ListTicketsResponse>();
    expectTypeOf<Result<'getTicket'>>().toEqualTypeOf<Ticket>();
    expectTypeOf<Result<'getConversation'>>().toEqualTypeOf<ConversationResponse['conversation']>();
    expectTypeOf<Result<'me'>>().toEqualTypeOf<MeResponse>();
    expectTypeOf<Result<'search'>>().toEqualTypeOf<SearchResponse>();
  });

  it("takes the protocol's query types: a renamed filter is a compile error, not an ignored parameter", () => {
    expectTypeOf<Parameters<SupportChatClient['listTickets']>[0]>().toEqualTypeOf<ListTicketsParams | undefined>();
    const ok: ListTicketsParams = { assignedAgentId: 'none', status: 'open,waiting', sort: 'slaDueAt' };
    // @ts-expect-error the seed's names only: assigneeId is gone
    const renamed: ListTicketsParams = { assigneeId: 'none' };
    // @ts-expect-error sort takes one of the sortable fields
    const badSort: ListTicketsParams = { sort: 'customerName' };
    expectTypeOf(ok).toMatchTypeOf<ListTicketsParams>();
    void renamed;
    void badSort;
  });
});
