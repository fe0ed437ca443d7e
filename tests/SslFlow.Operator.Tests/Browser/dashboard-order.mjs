// Drives the operator dashboard in Debian's chromium (headless) with playwright-core, as an operator would:
// sign in with the API key, place a DV order through the page, watch it reach ACTIVE, open its timeline, take a
// screenshot, find it by domain and CA reference, see it in "expiring in 30 days" (browser clock moved forward),
// then cancel it through the page; then an OV order with email validation at the sandbox CA: resend the approval
// email and approve each step from the page until it is ACTIVE. Every wait is on a page condition with a timeout. Prints one JSON line of what
// it saw; the xunit test asserts on it. Inputs come from the environment (see below).
import { env, runInChromium } from './browser-session.mjs';

const baseUrl = env('SSLFLOW_BASE_URL');
const apiKey = env('SSLFLOW_API_KEY');
const domain = env('SSLFLOW_DOMAIN');
const ovDomain = env('SSLFLOW_OV_DOMAIN');
const ovScreenshotPath = env('SSLFLOW_SCREENSHOT_OV');
const screenshotPath = env('SSLFLOW_SCREENSHOT');
const expiringScreenshotPath = env('SSLFLOW_SCREENSHOT_EXPIRING');

const SHORT = 15_000;
const ORDER = 120_000;
const seen = { pageErrors: [], consoleErrors: [] };
await runInChromium({ baseUrl, seen, defaultTimeout: SHORT }, async (page) => {
  await page.goto(baseUrl);
  await page.waitForSelector('body[data-ready="true"][data-state="signed-out"]');
  seen.signInShownFirst = await page.isVisible('[data-testid="key-prompt"]');

  // A wrong key is refused by the API and the page stays signed out.
  await page.fill('[data-testid="api-key"]', 'not-the-key-not-the-key-not-the-key');
  await page.click('[data-testid="api-key-submit"]');
  await page.waitForSelector('#api-key-error:not([hidden])');
  seen.wrongKeyMessage = await page.textContent('#api-key-error');
  seen.stateAfterWrongKey = await page.getAttribute('body', 'data-state');

  await page.fill('[data-testid="api-key"]', apiKey);
  await page.click('[data-testid="api-key-submit"]');
  await page.waitForSelector('#orders-table[data-loaded="true"]');
  const activeCount = () => page.$eval('[data-testid="count-ACTIVE"] .n', (e) => Number(e.textContent));
  seen.activeBefore = await activeCount();

  // Place the order through the page.
  await page.click('[data-testid="new-order"]');
  await page.waitForSelector('[data-testid="new-order-dialog"][open]');
  await page.fill('#order-domains', domain);
  await page.selectOption('#order-product', 'dv-single');
  await page.selectOption('#order-dcv', 'http-01');
  await page.fill('#order-email', 'ops@sslflow.test');
  await page.click('[data-testid="new-order-submit"]');
  await page.waitForSelector('[data-testid="order-detail"]:not([hidden])[data-order-id]');
  seen.orderId = await page.getAttribute('[data-testid="order-detail"]', 'data-order-id');

  // Record every status the open order shows on its way.
  seen.statuses = await page.$eval('[data-testid="order-detail"]', (d) => [d.dataset.status]);
  await page.evaluate(() => {
    const d = document.querySelector('[data-testid="order-detail"]');
    window.__statuses = [d.dataset.status];
    window.__waiting = [document.querySelector('#waiting-for').textContent];
    new MutationObserver(() => {
      if (window.__statuses.at(-1) !== d.dataset.status) window.__statuses.push(d.dataset.status);
      const w = document.querySelector('#waiting-for').textContent;
      if (window.__waiting.at(-1) !== w) window.__waiting.push(w);
    }).observe(d, { attributes: true, subtree: true, childList: true, characterData: true });
  });

  await page.waitForFunction(() => document.querySelector('[data-testid="order-detail"]').dataset.status === 'ACTIVE', null, { timeout: ORDER });
  await page.waitForSelector('[data-testid="timeline"] li[data-status="ACTIVE"]');
  seen.statuses = await page.evaluate(() => window.__statuses);
  seen.waitingTexts = await page.evaluate(() => window.__waiting);
  seen.waitingForAtActive = await page.textContent('[data-testid="waiting-for"]');
  seen.timeline = await page.$$eval('[data-testid="timeline"] li', (lis) => lis.map((li) => ({ status: li.dataset.status, cause: li.dataset.cause, text: li.textContent })));
  seen.facts = await page.$$eval('#detail-facts dt', (dts) => Object.fromEntries(dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent])));
  seen.downloadEnabled = await page.isEnabled('[data-testid="action-download"]');
  // The list and the counts follow the periodic refresh. Other tests write to the same store, so the ACTIVE count is not
  // compared with a number: this order's row turns ACTIVE, and in that same refresh the count covers at least it.
  await page.waitForFunction((id) => document.querySelector(`#orders-body tr[data-order-id="${id}"]`)?.dataset.status === 'ACTIVE', seen.orderId, { timeout: ORDER });
  seen.rowStatusAfter = await page.getAttribute(`#orders-body tr[data-order-id="${seen.orderId}"]`, 'data-status');
  seen.activeAfter = await activeCount();
  await page.screenshot({ path: screenshotPath, fullPage: true });

  // Download through the page: the PEM chain for this order.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="action-download"]')]);
  const chunks = [];
  for await (const c of await download.createReadStream()) chunks.push(c);
  seen.downloadName = download.suggestedFilename();
  seen.downloadedPem = Buffer.concat(chunks).toString('utf8');

  // Search by domain, then by CA reference: exactly this order remains.
  const rowsAfterSearch = async (term) => {
    await page.fill('[data-testid="search"]', term);
    await page.waitForFunction((id) => {
      const rows = [...document.querySelectorAll('#orders-body tr')];
      return rows.length === 1 && rows[0].dataset.orderId === id;
    }, seen.orderId);
    return page.$$eval('#orders-body tr', (rows) => rows.map((r) => ({
      id: r.dataset.orderId, status: r.dataset.status,
      caReference: r.querySelector('[data-field="caReference"]').textContent, expiry: r.querySelector('[data-field="expiry"]').textContent,
    })));
  };
  seen.searchByDomain = await rowsAfterSearch(domain);
  seen.searchByCaReference = await rowsAfterSearch(seen.facts['CA reference']);
  seen.searchNothing = await (async () => {
    await page.fill('[data-testid="search"]', 'no-such-order-anywhere');
    await page.waitForSelector('#orders-empty:not([hidden])');
    return page.$$eval('#orders-body tr', (rows) => rows.length);
  })();
  await page.fill('[data-testid="search"]', '');

  // Expiring in 30 days: move the browser's clock to 10 days before this certificate's expiry.
  const notAfter = await page.evaluate(async ([id, key]) => {
    const r = await fetch(`/api/orders/${id}`, { headers: { Authorization: `Bearer ${key}` } });
    return (await r.json()).notAfter;
  }, [seen.orderId, apiKey]);
  seen.notAfter = notAfter;
  seen.expiringBefore = await page.$$eval('[data-testid="expiring"] li', (lis) => lis.map((li) => li.dataset.orderId));
  await page.clock.setFixedTime(new Date(new Date(notAfter).getTime() - 10 * 86400000));
  await page.click('[data-testid="refresh"]');
  await page.waitForSelector(`[data-testid="expiring"] li[data-order-id="${seen.orderId}"]`);
  seen.expiringText = await page.textContent(`[data-testid="expiring"] li[data-order-id="${seen.orderId}"]`);
  await page.screenshot({ path: expiringScreenshotPath, fullPage: true });
  await page.clock.setFixedTime(new Date()); // back to the real date for the rest

  // Cancel through the page: an ACTIVE order inside the refund window is revoked, then refunded.
  await page.click('#cancel-panel summary');
  await page.fill('#cancel-reason', 'Dashboard test');
  await page.click('#cancel-submit');
  await page.waitForFunction(() => document.querySelector('[data-testid="order-detail"]').dataset.status === 'REFUNDED', null, { timeout: ORDER });
  seen.timelineAfterCancel = await page.$$eval('[data-testid="timeline"] li', (lis) => lis.map((li) => ({ status: li.dataset.status, cause: li.dataset.cause, text: li.textContent })));
  seen.actionsAfterCancel = {
    cancel: await page.getAttribute('#cancel-panel', 'data-disabled'),
    revoke: await page.getAttribute('#revoke-panel', 'data-disabled'),
  };

  // An OV order with email validation goes to the sandbox CA: resend the approval email, then approve each
  // validation step as the sandbox CA's staff would, all from the page, until it is ACTIVE.
  await page.click('#detail-close');
  await page.click('[data-testid="new-order"]');
  await page.waitForSelector('[data-testid="new-order-dialog"][open]');
  await page.fill('#order-domains', ovDomain);
  await page.selectOption('#order-product', 'ov-single');
  await page.selectOption('#order-dcv', 'email');
  await page.waitForSelector('#approver-row:not([hidden])');
  // The base domain (registrable, by the Public Suffix List) of ov-….sslflow.test is sslflow.test.
  await page.fill('#order-approver', 'admin@sslflow.test');
  await page.fill('#order-email', 'ops@sslflow.test');
  await page.click('[data-testid="new-order-submit"]');
  await page.waitForFunction((previous) => {
    const d = document.querySelector('[data-testid="order-detail"]');
    return (!d.hidden && d.dataset.orderId && d.dataset.orderId !== previous) || !document.querySelector('#new-order-errors').hidden;
  }, seen.orderId);
  if (await page.isVisible('#new-order-errors')) throw new Error(`order refused: ${await page.textContent('#new-order-errors')}`);
  seen.ov = { orderId: await page.getAttribute('[data-testid="order-detail"]', 'data-order-id') };
  // At the CA (it has a reference) and waiting: the sandbox actions become available.
  await page.waitForSelector('#sandbox-panel:not([hidden])[data-disabled="false"]', { timeout: ORDER });
  seen.ov.waitingFor = await page.textContent('[data-testid="waiting-for"]');
  seen.ov.subStatusAtCa = await page.textContent('#detail-status');
  const toastAfter = async (click) => {
    await page.evaluate(() => { const t = document.querySelector('[data-testid="toast"]'); t.hidden = true; t.textContent = ''; });
    await click();
    await page.waitForSelector('[data-testid="toast"]:not([hidden]), #action-errors:not([hidden])');
    if (await page.isVisible('#action-errors')) throw new Error(`action refused: ${await page.textContent('#action-errors')}`);
    return page.textContent('[data-testid="toast"]');
  };
  await page.waitForSelector('#resend-panel[data-disabled="false"]');
  await page.click('#resend-panel summary');
  seen.ov.resendToast = await toastAfter(() => page.click('#resend-submit'));
  const approve = async (step) => {
    if (!(await page.$eval('#sandbox-panel', (d) => d.open))) await page.click('#sandbox-panel summary');
    await page.fill('#sandbox-step', step);
    return toastAfter(() => page.click('#sandbox-approve'));
  };
  seen.ov.approveDcvToast = await approve('domain_control');
  // The CA's signed webhook moves the order on to the organization checks.
  await page.waitForFunction(() => /organization/i.test(document.querySelector('#detail-status').textContent), null, { timeout: ORDER });
  seen.ov.subStatusAfterDcv = await page.textContent('#detail-status');
  seen.ov.waitingAfterDcv = await page.textContent('[data-testid="waiting-for"]');
  seen.ov.approveOrgToast = await approve('organization');
  await page.waitForFunction(() => document.querySelector('[data-testid="order-detail"]').dataset.status === 'ACTIVE', null, { timeout: ORDER });
  await page.waitForSelector('[data-testid="timeline"] li[data-status="ACTIVE"]');
  seen.ov.timeline = await page.$$eval('[data-testid="timeline"] li', (lis) => lis.map((li) => ({ status: li.dataset.status, cause: li.dataset.cause, text: li.textContent })));
  seen.ov.sandboxPanelAtActive = await page.getAttribute('#sandbox-panel', 'data-disabled');
  await page.screenshot({ path: ovScreenshotPath, fullPage: true });

  // Where the key lives: this tab's session storage only; not in the URL, local storage or cookies.
  const storage = await page.evaluate(() => ({
    session: sessionStorage.getItem('sslflow.apiKey'), localLength: localStorage.length, cookie: document.cookie, url: location.href,
  }));
  seen.storage = { sessionHoldsKey: storage.session === apiKey, localLength: storage.localLength, cookie: storage.cookie, urlHoldsKey: storage.url.includes(apiKey) };
  await page.click('[data-testid="sign-out"]');
  await page.waitForSelector('body[data-state="signed-out"]');
  seen.sessionAfterSignOut = await page.evaluate(() => sessionStorage.getItem('sslflow.apiKey'));
});
