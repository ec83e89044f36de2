// Contacts: a customer as the team knows them on one site — every conversation and ticket of theirs across channels,
// what the team edited (name, email, phone, attributes) and notes about them. There is no contact until someone edits
// one: it is read from the customer's newest conversation. Name and email are also each conversation's (and ticket's)
// own fields, so an edit rewrites them there in the same transaction, and the consoles hear of the open ones.
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Contact, ContactNote, ContactQuery, UpdateContactBody } from '@support-chat/protocol';
import { firstOrThrow } from '../../db/rows.js';
import { contactNotes, contacts, conversations, tickets } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { notFound } from '../../errors.js';
import type { UserCaller } from '../../identity/caller.js';
import { iso, isoOrNull } from '../../lib/time.js';
import { publishAll } from '../../bus/publish.js';
import { toConversationDto } from '../chat/dto.js';
import { detailsEvent } from '../chat/service.js';
import { toTicketDto } from '../tickets/service.js';

type Key = z.output<typeof ContactQuery>;

const noteDto = (n: typeof contactNotes.$inferSelect): ContactNote => ({
  id: n.id,
  body: n.body,
  authorName: n.authorName,
  createdAt: iso(n.createdAt),
});

const ofCustomer = (key: Key) =>
  and(eq(conversations.siteId, key.siteId), eq(conversations.customerId, key.customerId));

/** The contact page: who they are, all their conversations (newest first) and tickets, and the notes about them. */
export async function getContact(deps: Pick<Deps, 'db'>, key: Key) {
  const db = deps.db;
  const rows = await db
    .select()
    .from(conversations)
    .where(ofCustomer(key))
    .orderBy(desc(conversations.createdAt))
    .limit(100);
  const [edited] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.siteId, key.siteId), eq(contacts.customerId, key.customerId)))
    .limit(1);
  if (!rows.length && !edited) throw notFound('CONTACT_NOT_FOUND', 'Contact');
  const newest = rows[0];
  const contact: Contact = {
    siteId: key.siteId,
    customerId: key.customerId,
    name: edited?.name ?? newest?.customerName ?? key.customerId,
    email: edited ? edited.email : (newest?.customerEmail ?? null),
    phone: edited?.phone ?? null,
    attributes: edited?.attributes ?? {},
    updatedAt: isoOrNull(edited?.updatedAt ?? null),
  };
  const ids = rows.map((r) => r.id);
  const ticketRows = ids.length
    ? await db.select().from(tickets).where(inArray(tickets.conversationId, ids)).orderBy(desc(tickets.createdAt))
    : [];
  const notes = await db
    .select()
    .from(contactNotes)
    .where(and(eq(contactNotes.siteId, key.siteId), eq(contactNotes.customerId, key.customerId)))
    .orderBy(asc(contactNotes.createdAt))
    .limit(200);
  return {
    contact,
    conversations: rows.map(toConversationDto),
    tickets: ticketRows.map(toTicketDto),
    notes: notes.map(noteDto),
  };
}

/**
 * Saves what the team edited; a new name or email is every conversation's and ticket's of theirs too. Returns the
 * contact as it was and the contact page as it now is.
 */
export async function updateContact(deps: Deps, key: Key, body: z.output<typeof UpdateContactBody>) {
  const before = await getContact(deps, key);
  const now = deps.clock.now();
  const next = {
    name: body.name ?? before.contact.name,
    email: body.email === undefined ? before.contact.email : body.email,
    phone: body.phone === undefined ? before.contact.phone : body.phone,
    attributes: body.attributes ?? before.contact.attributes,
  };
  const renamed = await deps.db.transaction(async (tx) => {
    await tx
      .insert(contacts)
      .values({ siteId: key.siteId, customerId: key.customerId, ...next, updatedAt: now })
      .onConflictDoUpdate({ target: [contacts.siteId, contacts.customerId], set: { ...next, updatedAt: now } });
    if (next.name === before.contact.name && next.email === before.contact.email) return [];
    const changed = await tx
      .update(conversations)
      .set({ customerName: next.name, customerEmail: next.email, updatedAt: now })
      .where(ofCustomer(key))
      .returning();
    if (changed.length)
      await tx
        .update(tickets)
        .set({ customerName: next.name, customerEmail: next.email, updatedAt: now })
        .where(
          inArray(
            tickets.conversationId,
            changed.map((c) => c.id),
          ),
        );
    return changed.filter((c) => c.status !== 'closed');
  });
  // Open chats show the customer's name in every console: tell them.
  const timestamp = now.toISOString();
  await publishAll(
    deps,
    renamed.map((c) => detailsEvent(c, ['customer'], timestamp)),
  );
  return { before: before.contact, page: await getContact(deps, key) };
}

/** A customer the site has seen (a conversation) or the team has edited; else 404. */
async function assertKnown(deps: Pick<Deps, 'db'>, key: Key) {
  const [chat] = await deps.db.select({ id: conversations.id }).from(conversations).where(ofCustomer(key)).limit(1);
  if (chat) return;
  const [edited] = await deps.db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.siteId, key.siteId), eq(contacts.customerId, key.customerId)))
    .limit(1);
  if (!edited) throw notFound('CONTACT_NOT_FOUND', 'Contact');
}

export async function addContactNote(deps: Pick<Deps, 'db'>, caller: UserCaller, key: Key, body: string) {
  // Only the customer's existence matters here, not their whole page.
  await assertKnown(deps, key);
  const row = firstOrThrow(
    await deps.db
      .insert(contactNotes)
      .values({
        siteId: key.siteId,
        customerId: key.customerId,
        authorId: caller.userId,
        authorName: caller.name,
        body,
      })
      .returning(),
    'contact note',
  );
  return noteDto(row);
}
