// Component tests in Debian Chromium; the setup is shared by the UI packages (scripts/wtr-config.mjs).
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { wtrConfig } from '../../scripts/wtr-config.mjs';

export default wtrConfig(new URL('./', import.meta.url), { chromeLauncher, esbuildPlugin, defaultReporter });
