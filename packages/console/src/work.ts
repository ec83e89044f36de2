// The work lists' bundle (work.js): the ticket board and the Conversations view, fetched by <agent-console> the first
// time someone opens Tickets or Conversations (or a link to them), so the inbox loads without them.
import './ticket-board.js';
import './sc-conversation-views.js';
