// What every dashboard script shares: Debian's chromium (headless) through playwright-core in a throw-away profile, the
// page's errors and every request leaving the host recorded in `seen`, one JSON line of what was seen on stdout (the
// xunit test asserts on it), exit code 1 on a failure, and the profile folder removed.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const env = (name) => { const v = process.env[name]; if (!v) throw new Error(`${name} is not set`); return v; };

export async function runInChromium({ baseUrl, seen, defaultTimeout, permissions = [] }, drive) {
  const require = createRequire(join(env('SSLFLOW_REPO'), 'package.json'));
  const { chromium } = require('playwright-core');
  const userDataDir = mkdtempSync(join(tmpdir(), 'sslflow-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: process.env.SSLFLOW_CHROMIUM || '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1440, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    if (permissions.length) await context.grantPermissions(permissions, { origin: baseUrl.replace(/\/$/, '') });
    const page = context.pages()[0] || await context.newPage();
    page.setDefaultTimeout(defaultTimeout);
    page.on('pageerror', (e) => seen.pageErrors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') seen.consoleErrors.push(m.text()); });
    // Nothing may leave the host: no CDN, no other origin.
    const foreign = [];
    page.on('request', (r) => { if (!r.url().startsWith(baseUrl) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) foreign.push(r.url()); });
    await drive(page);
    seen.foreignRequests = foreign;
    process.stdout.write(JSON.stringify({ ok: true, ...seen }) + '\n');
  } catch (e) {
    process.stdout.write(JSON.stringify({ ok: false, error: String(e && e.stack || e), ...seen }) + '\n');
    process.exitCode = 1;
  } finally {
    if (context) await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}
