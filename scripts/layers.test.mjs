// The repository's dependency rules (scripts/layers.mjs), on made-up graphs and then on the real one.
import { describe, expect, it } from 'vitest';
import { cycles, importGraph, ruleViolations, unitEdges, unitOf } from './layers.mjs';

describe('the layer checker', () => {
  it('groups files into packages and server folders', () => {
    expect(unitOf('packages/server/src/modules/chat/service.ts')).toBe('server/modules/chat');
    expect(unitOf('packages/server/src/gateway/long-poll.ts')).toBe('server/gateway');
    expect(unitOf('packages/server/src/app.ts')).toBe('server/app.ts');
    expect(unitOf('packages/console/src/ticket-board.ts')).toBe('console');
    expect(unitOf('packages/server/test/helpers.ts')).toBeUndefined();
  });

  it('finds a folder cycle even when no single file imports itself back', () => {
    const edges = unitEdges([
      ['packages/server/src/modules/chat/service.ts', 'packages/server/src/modules/routing/assign.ts'],
      ['packages/server/src/modules/routing/router.ts', 'packages/server/src/modules/chat/dto.ts'],
      ['packages/server/src/modules/tickets/service.ts', 'packages/server/src/modules/chat/messages.ts'],
    ]);
    expect(cycles(edges)).toEqual([
      {
        units: ['server/modules/chat', 'server/modules/routing'],
        examples: [
          'packages/server/src/modules/chat/service.ts -> packages/server/src/modules/routing/assign.ts',
          'packages/server/src/modules/routing/router.ts -> packages/server/src/modules/chat/dto.ts',
        ],
      },
    ]);
  });

  it('names each broken rule with the import to fix', () => {
    const edges = unitEdges([
      ['packages/server/src/modules/chat/routes.ts', 'packages/server/src/gateway/long-poll.ts'],
      ['packages/console/src/chat-composer.ts', 'packages/widget/src/emoji.ts'],
      ['packages/protocol/src/rest.ts', 'packages/sdk/src/http.ts'],
      ['packages/server/src/db/client.ts', 'packages/server/src/bus/bus.ts'],
      ['packages/server/src/gateway/gateway.ts', 'packages/server/src/modules/chat/service.ts'],
    ]);
    expect(ruleViolations(edges).map((v) => `${v.rule}: ${v.from} -> ${v.to}`)).toEqual([
      'modules never reach up into the gateway: server/modules/chat -> server/gateway',
      'the console and the widget stay apart: console -> widget',
      'protocol depends on nothing of ours: protocol -> sdk',
      'the database layer is the bottom: server/db -> server/bus',
    ]);
  });
});

describe('this repository', () => {
  it('has no folder cycle and breaks no layer rule', async () => {
    const edges = unitEdges(await importGraph());
    // The graph is really there: the server's layers and the clients' packages all show up.
    expect(edges.map((e) => `${e.from} -> ${e.to}`)).toEqual(
      expect.arrayContaining([
        'server/modules/routing -> server/modules/chat',
        'server/gateway -> server/modules/chat',
        'console -> ui',
        'sdk -> protocol',
      ]),
    );
    expect(ruleViolations(edges)).toEqual([]);
    expect(cycles(edges)).toEqual([]);
  });
});
