// Macros: a named list of steps (reply, note, add labels, set priority, give to a team, resolve) an agent runs on a
// conversation in one go. Shared macros (no owner) are the admins' to keep and every agent's to run; an agent's own
// are theirs alone — anyone else's answers as missing. Running goes through the same services as doing each step by
// hand (the same rules, events and integrations), in order; the first step that fails stops the run and says which.
import { asc, eq, isNull, or } from 'drizzle-orm';
import type { z } from 'zod';
import { fillPlaceholders } from '@support-chat/protocol';
import type {
  Conversation,
  CreateMacroBody,
  Macro,
  MacroAction,
  Message,
  UpdateMacroBody,
} from '@support-chat/protocol';
import type { Executor } from '../../db/client.js';
import { firstOrThrow } from '../../db/rows.js';
import { macros } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import type { UserCaller } from '../../identity/caller.js';
import { iso } from '../../lib/time.js';
import { getConversation, sendMessage, updateConversation } from '../chat/service.js';
import { placeholderValues } from '../canned/service.js';

type Row = typeof macros.$inferSelect;

const toDto = (r: Row): Macro => ({
  id: r.id,
  name: r.name,
  actions: r.actions,
  ownerId: r.ownerId,
  createdAt: iso(r.createdAt),
  updatedAt: iso(r.updatedAt),
});

const visibleTo = (caller: UserCaller) =>
  caller.userId ? or(isNull(macros.ownerId), eq(macros.ownerId, caller.userId)) : isNull(macros.ownerId);

export async function listMacros(db: Executor, caller: UserCaller): Promise<Macro[]> {
  const rows = await db.select().from(macros).where(visibleTo(caller)).orderBy(asc(macros.name));
  return rows.map(toDto);
}

async function visibleMacro(db: Executor, caller: UserCaller, id: string): Promise<Row> {
  const [row] = await db.select().from(macros).where(eq(macros.id, id)).limit(1);
  if (!row || (row.ownerId !== null && row.ownerId !== caller.userId)) throw notFound('MACRO_NOT_FOUND', 'Macro');
  return row;
}

/** A shared macro is the admins' to change; one's own is one's own. */
function assertMayChange(caller: UserCaller, row: Pick<Row, 'ownerId'>) {
  if (row.ownerId === null && caller.role !== 'admin')
    throw new AppError('FORBIDDEN', 'Only admins change shared macros');
}

export async function createMacro(
  db: Executor,
  caller: UserCaller,
  input: z.output<typeof CreateMacroBody>,
): Promise<Macro> {
  if (input.shared && caller.role !== 'admin')
    throw new AppError('FORBIDDEN', 'Only admins share macros', [{ path: 'shared', message: 'admins only' }]);
  if (!input.shared && !caller.userId)
    throw new AppError('FORBIDDEN', 'An API key has no macros of its own: share it', [
      { path: 'shared', message: 'must be true for an API key' },
    ]);
  const row = firstOrThrow(
    await db
      .insert(macros)
      .values({ name: input.name, actions: input.actions, ownerId: input.shared ? null : caller.userId })
      .returning(),
    'macro',
  );
  return toDto(row);
}

export async function updateMacro(
  db: Executor,
  caller: UserCaller,
  id: string,
  input: z.output<typeof UpdateMacroBody>,
): Promise<{ before: Macro; after: Macro }> {
  const row = await visibleMacro(db, caller, id);
  assertMayChange(caller, row);
  const patch: Partial<typeof macros.$inferInsert> = { updatedAt: new Date() };
  if (input.name !== undefined) patch.name = input.name;
  if (input.actions !== undefined) patch.actions = input.actions;
  const after = firstOrThrow(await db.update(macros).set(patch).where(eq(macros.id, id)).returning(), 'macro');
  return { before: toDto(row), after: toDto(after) };
}

export async function deleteMacro(db: Executor, caller: UserCaller, id: string): Promise<Macro> {
  const row = await visibleMacro(db, caller, id);
  assertMayChange(caller, row);
  await db.delete(macros).where(eq(macros.id, id));
  return toDto(row);
}

/** Runs a macro's steps on a conversation, in order; returns the conversation as it ends up and the messages sent. */
export async function runMacro(deps: Deps, caller: UserCaller, conversationId: string, macroId: string) {
  const macro = await visibleMacro(deps.db, caller, macroId);
  // Seen first (404 for what the caller may not see), before any step runs.
  let conversation = await getConversation(deps, caller, conversationId);
  const sent: Message[] = [];
  for (const [i, step] of macro.actions.entries()) {
    try {
      const result = await runStep(deps, caller, conversationId, step, conversation);
      if ('message' in result) sent.push(result.message);
      else conversation = result.conversation;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      // The steps before it happened; say which one stopped the run, with its own reason.
      throw new AppError(err.code, `Step ${i + 1} (${step.type}) of "${macro.name}": ${err.message}`, [
        { path: `actions.${i}`, message: err.message },
        ...(Array.isArray(err.details) ? err.details : []),
      ]);
    }
  }
  return { conversation: await getConversation(deps, caller, conversationId), messages: sent };
}

async function runStep(
  deps: Deps,
  caller: UserCaller,
  id: string,
  step: MacroAction,
  conversation: Conversation,
): Promise<{ message: Message } | { conversation: Conversation }> {
  switch (step.type) {
    case 'reply':
    case 'note': {
      // The same placeholders as canned responses ({{customer.firstName|there}}), filled for this conversation.
      const body = {
        content: fillPlaceholders(step.content, await placeholderValues(deps, caller, conversation)),
        messageType: 'text' as const,
        attachments: [],
        isPrivate: step.type === 'note',
      };
      return { message: (await sendMessage(deps, caller, id, body)).message };
    }
    case 'addLabels':
      return {
        conversation: await updateConversation(deps, caller, id, {
          tags: [...new Set([...(conversation.tags ?? []), ...step.labels])],
        }),
      };
    case 'setPriority':
      return { conversation: await updateConversation(deps, caller, id, { priority: step.priority }) };
    case 'assignTeam':
      return { conversation: await updateConversation(deps, caller, id, { teamId: step.teamId }) };
    case 'resolve':
      return { conversation: await updateConversation(deps, caller, id, { status: 'resolved' }) };
  }
}
