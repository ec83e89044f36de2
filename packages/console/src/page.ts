// The /console page's bundle: the sign-in form and the agent console. The admins' Team setup is a bundle of its own
// (admin.js, from agent-management.ts), fetched the first time an admin opens it, so agents never download it.
import { installTheme } from './theme.js';
import './support-console.js';

// Before the first render: no flash of the light theme on a dark choice.
installTheme();
