// The work lists' bundle (work.js): the ticket board, the Conversations view, the macros, contact and merge dialogs, fetched by
// <agent-console> the first time someone opens one of them (or a link to them), so the inbox loads without them.
import './ticket-board.js';
import './sc-conversation-views.js';
import './sc-macros-dialog.js';
import './sc-contact-dialog.js';
import './sc-merge-dialog.js';
