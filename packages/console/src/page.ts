// The /console page's bundle: the sign-in form and the agent console. The admins' Team setup is a bundle of its own
// (admin.js, from agent-management.ts), fetched the first time an admin opens it, so agents never download it.
import './support-console.js';
