// Drives the dashboard's purchase, activation and CaaS views in Debian's chromium (headless) with playwright-core, one
// scenario per run (SSLFLOW_SCENARIO), each on its own orders:
//   activate-ov  buy ov-single with the Buy form, see it PENDING ACTIVATION (Pending) in the list, activate it with the
//                organization and contacts, see the organization kept with the order in the detail view while
//                ACTIVATION IN PROGRESS, approve the sandbox CA's steps from the page, see ACTIVE and the certificate's
//                organization in the detail view;
//   bad-field    buy ov-single, activate with country "XX" and phone "123": the server's problems appear next to those
//                inputs and the order stays PENDING ACTIVATION;
//   forms        buy ev-single and smime-enterprise and send their activation forms empty: each product's parts show
//                and every missing field is named next to its input;
//   profiles     save a profile while activating an OV order (approved at the sandbox CA, so the profile is vetted), then
//                pick it for a second purchase: sent as organizationProfileId, only domain control is approved;
//   operator-profile  the customer buys ov-single; the operator activates it with "save as profile": the profile is
//                the customer's (sent with accountId = the order's customer);
//   scoping      two customers and an operator: each customer's list shows its own purchase only, the operator both;
//   caas         buy caas-dv, show its credentials (only after the click), copy the HMAC key, renew the term;
//   caas-gone    buy caas-dv, cancel it inside the refund window, click: the page says the credentials are gone (410).
// The sandbox CA's steps are approved by the operator (SSLFLOW_OPERATOR_KEY), signed in for that and out again.
// Every wait is on a page or API condition with a timeout. Prints one JSON line of what it saw; the xunit test asserts on it.
import { env, runInChromium } from './browser-session.mjs';

const baseUrl = env('SSLFLOW_BASE_URL');
const apiKey = env('SSLFLOW_API_KEY');
const scenario = env('SSLFLOW_SCENARIO');
const screenshotPath = process.env.SSLFLOW_SCREENSHOT || '';

const SHORT = 15_000;
const ORDER = 90_000;
const seen = { scenario, pageErrors: [], consoleErrors: [] };
let page;

const organization = {
  legalName: 'Rossi Costruzioni S.p.A.', country: 'IT', stateOrProvince: 'Lombardia', locality: 'Milano',
  streetAddress: 'Via Roma 1', postalCode: '20121', phone: '+390212345678',
};
const contacts = {
  admin: { name: 'Anna Rossi', email: 'anna@sslflow.test', phone: '+390212345679' },
  technical: { name: 'Marco Bianchi', email: 'marco@sslflow.test', phone: '+390212345670' },
};
const newDomain = (prefix) => `${prefix}-${Math.random().toString(16).slice(2, 10)}.sslflow.test`;

async function signIn(key) {
  if ((await page.getAttribute('body', 'data-state')) === 'signed-in') {
    await page.click('[data-testid="sign-out"]');
    await page.waitForSelector('body[data-state="signed-out"]');
  }
  await page.fill('[data-testid="api-key"]', key);
  await page.click('[data-testid="api-key-submit"]');
  await page.waitForSelector('body[data-state="signed-in"] #orders-table[data-loaded="true"]');
}

/** Buys through the Buy form; returns the new order's id (the page opens it). */
async function buy(product, fill) {
  const previous = await page.getAttribute('[data-testid="order-detail"]', 'data-order-id');
  await page.click('[data-testid="buy"]');
  await page.waitForSelector('[data-testid="buy-dialog"][open]');
  await page.selectOption('#buy-product', product);
  await page.fill('#buy-email', 'ops@sslflow.test');
  if (fill) await fill();
  await page.click('[data-testid="buy-submit"]');
  await page.waitForFunction((prev) => {
    const d = document.querySelector('[data-testid="order-detail"]');
    return (!d.hidden && d.dataset.orderId && d.dataset.orderId !== prev) || !document.querySelector('#buy-errors').hidden;
  }, previous);
  if (await page.isVisible('#buy-errors')) throw new Error(`purchase refused: ${await page.textContent('#buy-errors')}`);
  return page.getAttribute('[data-testid="order-detail"]', 'data-order-id');
}

/** Waits until the list (refreshed by the page) has the order's row with this status; returns the row. */
async function row(orderId, status) {
  await page.waitForFunction(([id, s]) => document.querySelector(`#orders-body tr[data-order-id="${id}"]`)?.dataset.status === s,
    [orderId, status], { timeout: ORDER });
  return page.$eval(`#orders-body tr[data-order-id="${orderId}"]`, (tr) => ({
    status: tr.dataset.status, resellerState: tr.dataset.resellerState, subStatus: tr.querySelector('[data-field="subStatus"]').textContent, text: tr.textContent,
  }));
}

const detailStatus = (s) => page.waitForFunction((x) => document.querySelector('[data-testid="order-detail"]').dataset.status === x, s, { timeout: ORDER });

async function apiGet(path, key = apiKey) {
  return page.evaluate(async ([p, k]) => {
    const r = await fetch(p, { headers: { Authorization: `Bearer ${k}` }, cache: 'no-store' });
    const text = await r.text();
    let body = null;
    try { body = JSON.parse(text); } catch { body = text; }
    return { status: r.status, body };
  }, [path, key]);
}

async function fillActivation(domain, org, { dcv = 'dns-01' } = {}) {
  await page.waitForSelector('[data-testid="activate-section"]:not([hidden])');
  await page.fill('#act-domains', domain);
  await page.selectOption('#act-dcv', dcv);
  const ids = { legalName: 'legal-name', country: 'country', stateOrProvince: 'state', locality: 'locality', streetAddress: 'street', postalCode: 'postal-code', phone: 'phone' };
  for (const [k, id] of Object.entries(ids)) await page.fill(`#act-org-${id}`, org[k]);
  for (const role of ['admin', 'technical']) for (const f of ['name', 'email', 'phone']) await page.fill(`#act-${role}-${f}`, contacts[role][f]);
}

/** The order the detail view shows, opened from the list (waits for its row: the list refreshes by itself). */
async function openOrder(orderId) {
  await page.waitForSelector(`#orders-body tr[data-order-id="${orderId}"]`, { timeout: ORDER });
  await page.click(`#orders-body tr[data-order-id="${orderId}"]`);
  await page.waitForSelector(`[data-testid="order-detail"][data-order-id="${orderId}"]`);
}

/**
 * Approving at the sandbox CA is the operators' only (issue 26 item 12): signs in as the operator, approves the open
 * order's step from its detail view, then signs the customer back in with the same order open.
 */
async function approveAtSandbox(step) {
  const orderId = await page.getAttribute('[data-testid="order-detail"]', 'data-order-id');
  await signIn(env('SSLFLOW_OPERATOR_KEY'));
  await openOrder(orderId);
  await page.waitForSelector('#sandbox-panel:not([hidden])[data-disabled="false"]', { timeout: ORDER });
  if (!(await page.$eval('#sandbox-panel', (d) => d.open))) await page.click('#sandbox-panel summary');
  await page.evaluate(() => { const t = document.querySelector('[data-testid="toast"]'); t.hidden = true; t.textContent = ''; });
  await page.fill('#sandbox-step', step);
  await page.click('#sandbox-approve');
  await page.waitForSelector('[data-testid="toast"]:not([hidden]), #action-errors:not([hidden])');
  if (await page.isVisible('#action-errors')) throw new Error(`approval refused: ${await page.textContent('#action-errors')}`);
  const toast = await page.textContent('[data-testid="toast"]');
  await signIn(apiKey);
  await openOrder(orderId);
  return toast;
}

// Read in one page turn: the detail view re-renders (refresh, the certificate's subject arriving) between separate reads.
const facts = () => page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#detail-facts dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent ?? null])));

async function activateOv() {
  await signIn(apiKey);
  const orderId = await buy('ov-single');
  seen.orderId = orderId;
  seen.detailAfterBuy = { status: await page.getAttribute('[data-testid="order-detail"]', 'data-status'), text: await page.textContent('#detail-status') };
  seen.rowAfterBuy = await row(orderId, 'PENDING ACTIVATION');
  seen.activateShown = await page.isVisible('[data-testid="activate-section"]');
  seen.visibleParts = await page.evaluate(() => Object.fromEntries(['#act-names-row', '#act-mailbox-row', '#act-org', '#act-ev', '#act-contacts', '#act-person']
    .map((s) => [s, !document.querySelector(s).hidden])));
  seen.dcvOptions = await page.$$eval('#act-dcv option', (os) => os.map((o) => o.value));
  // Email DCV shows the approver field; back to dns-01 hides it.
  await page.selectOption('#act-dcv', 'email');
  seen.approverShownForEmail = await page.isVisible('#act-approver');
  const domain = newDomain('pa');
  seen.domain = domain;
  await fillActivation(domain, organization);
  seen.approverShownForDns = await page.isVisible('#act-approver');
  await page.click('[data-testid="activate-submit"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="order-detail"]').dataset.status !== 'PENDING ACTIVATION'
    || !document.querySelector('#activate-errors').hidden, null, { timeout: ORDER });
  if (await page.isVisible('#activate-errors')) throw new Error(`activation refused: ${await page.textContent('#activate-errors')}`);
  seen.activateHiddenAfter = await page.isHidden('[data-testid="activate-section"]');
  // Issue 16: the organization and contacts kept with the order show before the CA approved anything.
  await page.waitForSelector('[data-testid="subject-organization"]', { timeout: ORDER });
  seen.beforeApproval = { status: await page.getAttribute('[data-testid="order-detail"]', 'data-status'), facts: await facts() };
  seen.approveDcv = await approveAtSandbox('domain_control');
  await page.waitForFunction(() => /organization/i.test(document.querySelector('#detail-status').textContent), null, { timeout: ORDER });
  seen.approveOrganization = await approveAtSandbox('organization');
  await detailStatus('ACTIVE');
  // The certificate's subject line: the chain has been read (the organization itself shows from the order view before).
  await page.waitForSelector('[data-testid="subject"]', { timeout: ORDER });
  seen.facts = await facts();
  seen.timeline = await page.$$eval('[data-testid="timeline"] li', (lis) => lis.map((li) => li.dataset.status));
  seen.rowAtActive = await row(orderId, 'ACTIVE');
  if (screenshotPath) await page.screenshot({ path: screenshotPath, fullPage: true });
}

async function badField() {
  await signIn(apiKey);
  const orderId = await buy('ov-single');
  seen.orderId = orderId;
  await fillActivation(newDomain('bad'), { ...organization, country: 'XX', phone: '123' });
  await page.click('[data-testid="activate-submit"]');
  await page.waitForSelector('#activate-errors:not([hidden])');
  const near = (inputId) => page.$eval(`#${inputId}`, (input) => {
    const note = input.nextElementSibling;
    const described = (input.getAttribute('aria-describedby') || '').split(' ');
    return {
      errorFor: note && note.classList.contains('field-error') ? note.dataset.errorFor : null,
      text: note && note.classList.contains('field-error') ? note.textContent : null,
      ariaInvalid: input.getAttribute('aria-invalid'), describedByNote: !!note && described.includes(note.id), value: input.value,
    };
  });
  seen.country = await near('act-org-country');
  seen.phone = await near('act-org-phone');
  seen.otherFieldErrors = await page.$$eval('.field-error', (ns) => ns.map((n) => n.dataset.errorFor));
  seen.summary = await page.textContent('#activate-errors');
  seen.summaryRole = await page.getAttribute('#activate-errors', 'role');
  seen.legalNameKept = await page.inputValue('#act-org-legal-name');
  seen.focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  seen.detailStatus = await page.getAttribute('[data-testid="order-detail"]', 'data-status');
  seen.api = (await apiGet(`/api/orders/${orderId}`)).body;
  // Fixing the fields and sending again clears the notes (the server answers for the new values).
  await page.fill('#act-org-country', 'IT');
  await page.fill('#act-org-phone', '+390212345678');
  await page.fill('#act-admin-phone', '12');
  await page.click('[data-testid="activate-submit"]');
  await page.waitForSelector('#act-admin-phone + .field-error');
  seen.afterFix = await page.$$eval('.field-error', (ns) => ns.map((n) => n.dataset.errorFor));
  seen.apiAfterFix = (await apiGet(`/api/orders/${orderId}`)).body.status;
  if (screenshotPath) await page.screenshot({ path: screenshotPath, fullPage: true });
}

/** Submits the activation form as it is; returns where each field error landed (the element it follows or heads). */
async function emptyActivation() {
  await page.waitForSelector('[data-testid="activate-section"]:not([hidden])');
  const parts = await page.evaluate(() => Object.fromEntries(['#act-names-row', '#act-mailbox-row', '#act-org', '#act-ev', '#act-contacts', '#act-technical', '#act-person', '#act-org-registration-row']
    .map((s) => [s, !document.querySelector(s).hidden])));
  const dcv = await page.$$eval('#act-dcv option', (os) => os.map((o) => o.value));
  await page.click('[data-testid="activate-submit"]');
  await page.waitForSelector('#activate-errors:not([hidden])');
  const errors = await page.$$eval('#activate-form .field-error', (ns) => ns.map((n) => ({
    field: n.dataset.errorFor, at: (n.previousElementSibling && n.previousElementSibling.matches('input, select, textarea') ? n.previousElementSibling : n.parentElement).id,
  })));
  const unplaced = await page.$$eval('#activate-errors [data-error-field]', (ls) => ls.map((l) => l.dataset.errorField));
  return { parts, dcv, errors, unplaced };
}

async function forms() {
  await signIn(apiKey);
  seen.ev = { orderId: await buy('ev-single') };
  Object.assign(seen.ev, await emptyActivation());
  seen.smime = { orderId: await buy('smime-enterprise') };
  Object.assign(seen.smime, await emptyActivation());
  if (screenshotPath) await page.screenshot({ path: screenshotPath, fullPage: true });
}

async function profiles() {
  await signIn(apiKey);
  const route = (await apiGet('/api/organization-profiles')).status;
  if (route !== 200) throw new Error(`GET /api/organization-profiles answered ${route}`);
  // First order: activated with the organization typed in, saved as a profile on the way; the sandbox CA vets it.
  const first = await buy('ov-single');
  seen.first = first;
  const suffix = Math.random().toString(16).slice(2, 8);
  const org = { ...organization, legalName: `Profili ${suffix} S.r.l.` };
  seen.legalName = org.legalName;
  await fillActivation(newDomain('pf1'), org);
  await page.waitForSelector('#act-save-profile-row:not([hidden])');
  await page.check('#act-save-profile');
  await page.fill('#act-profile-name', `Profili ${suffix}`);
  await page.click('[data-testid="activate-submit"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="order-detail"]').dataset.status !== 'PENDING ACTIVATION'
    || !document.querySelector('#activate-errors').hidden, null, { timeout: ORDER });
  if (await page.isVisible('#activate-errors')) throw new Error(`activation refused: ${await page.textContent('#activate-errors')}`);
  await approveAtSandbox('domain_control');
  await page.waitForFunction(() => /organization/i.test(document.querySelector('#detail-status').textContent), null, { timeout: ORDER });
  await approveAtSandbox('organization');
  await detailStatus('ACTIVE');
  // The host files the vetting under the account's profile for that organization (the order's last step).
  await page.waitForFunction(async ([k, name]) => {
    const r = await fetch('/api/organization-profiles', { headers: { Authorization: `Bearer ${k}` }, cache: 'no-store' });
    const p = ((await r.json()).items || []).find((x) => x.organization.legalName === name);
    return !!(p && p.vetting);
  }, [apiKey, org.legalName], { timeout: ORDER, polling: 250 });
  const saved = ((await apiGet('/api/organization-profiles')).body.items || []).find((p) => p.organization.legalName === org.legalName);
  seen.savedProfile = saved;

  // Second purchase: the picker offers the vetted profile; choosing it fills and locks the organization.
  const second = await buy('ov-single');
  seen.second = second;
  await page.waitForSelector('#act-profile-row:not([hidden])');
  seen.option = await page.$eval(`#act-profile option[value="${saved.id}"]`, (o) => o.textContent);
  await page.selectOption('#act-profile', saved.id);
  seen.filledLegalName = await page.inputValue('#act-org-legal-name');
  seen.locked = await page.$eval('#act-org-legal-name', (i) => i.readOnly);
  seen.saveHiddenWithProfile = await page.isHidden('#act-save-profile-row');
  seen.contactFilled = await page.inputValue('#act-admin-name');
  await page.fill('#act-domains', newDomain('pf2'));
  await page.selectOption('#act-dcv', 'dns-01');
  // What the page sends: the profile's id instead of the organization.
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.url().endsWith(`/api/orders/${second}/activate`) && r.method() === 'POST'),
    page.click('[data-testid="activate-submit"]'),
  ]);
  seen.secondBody = JSON.parse(request.postData());
  await page.waitForFunction(() => document.querySelector('[data-testid="order-detail"]').dataset.status !== 'PENDING ACTIVATION'
    || !document.querySelector('#activate-errors').hidden, null, { timeout: ORDER });
  if (await page.isVisible('#activate-errors')) throw new Error(`activation with the profile refused: ${await page.textContent('#activate-errors')}`);
  // Only domain control is approved: the organization step is the first order's vetting, reused.
  await approveAtSandbox('domain_control');
  await detailStatus('ACTIVE');
  // The certificate's subject line: the chain has been read (the organization itself shows from the order view before).
  await page.waitForSelector('[data-testid="subject"]', { timeout: ORDER });
  seen.secondFacts = await facts();
  if (screenshotPath) await page.screenshot({ path: screenshotPath, fullPage: true });
}

async function operatorProfile() {
  const operatorKey = env('SSLFLOW_OPERATOR_KEY');
  await signIn(apiKey);
  const orderId = await buy('ov-single');
  seen.orderId = orderId;
  await signIn(operatorKey);
  await row(orderId, 'PENDING ACTIVATION');
  await page.click(`#orders-body tr[data-order-id="${orderId}"]`);
  await page.waitForSelector(`[data-testid="order-detail"][data-order-id="${orderId}"]`);
  const suffix = Math.random().toString(16).slice(2, 8);
  const org = { ...organization, legalName: `Cliente ${suffix} S.r.l.` };
  seen.legalName = org.legalName;
  await fillActivation(newDomain('op'), org);
  await page.waitForSelector('#act-save-profile-row:not([hidden])');
  await page.check('#act-save-profile');
  await page.fill('#act-profile-name', `Cliente ${suffix}`);
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.url().endsWith('/api/organization-profiles') && r.method() === 'POST'),
    page.click('[data-testid="activate-submit"]'),
  ]);
  seen.profileBody = JSON.parse(request.postData());
  await page.waitForFunction(() => document.querySelector('[data-testid="order-detail"]').dataset.status !== 'PENDING ACTIVATION'
    || !document.querySelector('#activate-errors').hidden, null, { timeout: ORDER });
  if (await page.isVisible('#activate-errors')) throw new Error(`activation refused: ${await page.textContent('#activate-errors')}`);
  seen.status = await page.getAttribute('[data-testid="order-detail"]', 'data-status');
  // The customer's key lists it: the profile is the customer's, not the operator's.
  const mine = await apiGet('/api/organization-profiles', apiKey);
  seen.customerProfile = (mine.body.items || []).find((p) => p.organization.legalName === org.legalName) || null;
  const operators = await apiGet('/api/organization-profiles?accountId=ops', operatorKey);
  seen.operatorOwn = (operators.body.items || []).filter((p) => p.organization.legalName === org.legalName).length;
  if (screenshotPath) await page.screenshot({ path: screenshotPath, fullPage: true });
}

async function scoping() {
  const otherKey = env('SSLFLOW_OTHER_KEY');
  const operatorKey = env('SSLFLOW_OPERATOR_KEY');
  await signIn(otherKey);
  const foreign = await buy('dv-single');
  await row(foreign, 'PENDING ACTIVATION');
  await signIn(apiKey);
  seen.ordersAfterSwitch = await page.$$eval('#orders-body tr', (rows) => rows.map((r) => r.dataset.orderId));
  const own = await buy('dv-multi', async () => {
    await page.fill('#buy-extra-sans', '2');
    seen.buyRows = await page.evaluate(() => ({ sans: !document.querySelector('#buy-sans-row').hidden, term: !document.querySelector('#buy-term-row').hidden }));
    seen.buyProducts = await page.$$eval('#buy-product option', (os) => os.map((o) => o.value));
    if (screenshotPath) await page.screenshot({ path: screenshotPath });
  });
  await row(own, 'PENDING ACTIVATION');
  seen.customerRows = await page.$$eval('#orders-body tr', (rows) => rows.map((r) => r.dataset.orderId));
  seen.customerGetsForeign = (await apiGet(`/api/orders/${foreign}`)).status;
  await signIn(operatorKey);
  await row(own, 'PENDING ACTIVATION');
  await row(foreign, 'PENDING ACTIVATION');
  seen.operatorRows = await page.$$eval('#orders-body tr', (rows) => rows.map((r) => r.dataset.orderId));
  Object.assign(seen, { foreign, own });
}

async function caas() {
  await signIn(apiKey);
  const orderId = await buy('caas-dv', () => page.selectOption('#buy-term', '1y'));
  seen.orderId = orderId;
  await page.waitForSelector('[data-testid="caas-section"]:not([hidden])');
  seen.activateHidden = await page.isHidden('[data-testid="activate-section"]');
  await detailStatus('ACTIVE');
  // Nothing secret in the page before the click.
  seen.beforeClick = await page.evaluate(() => ({ inputs: document.querySelectorAll('#caas-hmac').length, text: document.querySelector('#caas-credentials').textContent }));
  await page.click('[data-testid="caas-show"]');
  await page.waitForSelector('[data-testid="caas-hmac"], [data-testid="caas-message"]:not([hidden])');
  if (await page.isVisible('[data-testid="caas-message"]')) throw new Error(`credentials not shown: ${await page.textContent('[data-testid="caas-message"]')}`);
  seen.credentials = {
    keyId: await page.textContent('[data-testid="caas-key-id"]'),
    hmacKey: await page.inputValue('[data-testid="caas-hmac"]'),
    hmacReadOnly: await page.$eval('[data-testid="caas-hmac"]', (i) => i.readOnly),
    hmacLabelled: await page.$eval('[data-testid="caas-hmac"]', (i) => !!document.querySelector(`label[for="${i.id}"]`)),
    directoryUrl: await page.textContent('[data-testid="caas-directory"]'),
    availableUntil: await page.textContent('[data-testid="caas-available-until"]'),
    caReference: await page.textContent('[data-testid="caas-ca-reference"]'),
    hint: await page.textContent('[data-testid="caas-hint"]'),
  };
  await page.click('[data-testid="caas-copy"]');
  await page.waitForSelector('[data-testid="toast"]:not([hidden])');
  seen.clipboard = await page.evaluate(() => navigator.clipboard.readText().catch((e) => `unreadable: ${e}`));
  // The refresh re-renders the order but keeps what the customer asked to see; the read is on the timeline.
  await page.waitForSelector('[data-testid="timeline"] li[data-cause="credentials-read"]', { timeout: ORDER }).catch(() => null);
  seen.timelineCauses = await page.$$eval('[data-testid="timeline"] li', (lis) => lis.map((li) => li.dataset.cause));
  seen.stillShownAfterRefresh = await page.isVisible('[data-testid="caas-hmac"]');
  seen.storage = await page.evaluate(() => ({ local: localStorage.length, session: Object.keys(sessionStorage), url: location.href, cookie: document.cookie }));
  if (screenshotPath) await page.screenshot({ path: screenshotPath, fullPage: true });
  // Hide: the secret leaves the page.
  await page.click('[data-testid="caas-show"]');
  seen.afterHide = await page.evaluate(() => document.querySelectorAll('#caas-hmac').length);
  // Renew the term with a double click: one request, with an Idempotency-Key (a renewal is paid); the answer is shown.
  const renewKeys = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/renew')) renewKeys.push(r.headers()['idempotency-key'] || ''); });
  await page.dblclick('[data-testid="caas-renew"]');
  await page.waitForSelector('[data-testid="caas-message"]:not([hidden])');
  seen.renewMessage = await page.textContent('[data-testid="caas-message"]');
  seen.renewKeys = renewKeys;
}

async function caasGone() {
  await signIn(apiKey);
  const orderId = await buy('caas-dv');
  seen.orderId = orderId;
  await page.waitForSelector('[data-testid="caas-section"]:not([hidden])');
  await detailStatus('ACTIVE');
  // Cancelled inside the refund window through the page: the CA deactivates the key and the secret is destroyed here.
  await page.click('#cancel-panel summary');
  await page.fill('#cancel-reason', 'Dashboard test');
  await page.click('#cancel-submit');
  await detailStatus('REFUNDED');
  seen.apiStatus = (await apiGet(`/api/orders/${orderId}/credentials`)).status;
  await page.click('[data-testid="caas-show"]');
  await page.waitForSelector('[data-testid="caas-message"]:not([hidden])');
  seen.message = await page.textContent('[data-testid="caas-message"]');
  seen.messageKind = await page.getAttribute('[data-testid="caas-message"]', 'data-kind');
  seen.hmacInputs = await page.evaluate(() => document.querySelectorAll('#caas-hmac').length);
  // A refunded subscription has no term to renew: the host's problem is shown.
  await page.evaluate(() => { document.querySelector('[data-testid="caas-message"]').hidden = true; });
  await page.click('[data-testid="caas-renew"]');
  await page.waitForSelector('[data-testid="caas-message"]:not([hidden])');
  seen.renewMessage = await page.textContent('[data-testid="caas-message"]');
  seen.renewKind = await page.getAttribute('[data-testid="caas-message"]', 'data-kind');
}

await runInChromium({ baseUrl, seen, defaultTimeout: SHORT, permissions: ['clipboard-read', 'clipboard-write'] }, async (p) => {
  page = p;
  await page.goto(baseUrl);
  await page.waitForSelector('body[data-ready="true"][data-state="signed-out"]');
  const run = { 'activate-ov': activateOv, 'bad-field': badField, forms, profiles, 'operator-profile': operatorProfile, scoping, caas, 'caas-gone': caasGone }[scenario];
  if (!run) throw new Error(`unknown scenario ${scenario}`);
  await run();
});
