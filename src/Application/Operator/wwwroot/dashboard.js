// SslFlow operator dashboard. Plain JS, no build, no CDN. Talks only to the API of the host that served it,
// with the operator's API key from sessionStorage (kept per tab, gone when the tab closes).
'use strict';

(() => {
  const KEY_STORAGE = 'sslflow.apiKey';
  const STATUSES = ['PENDING ACTIVATION', 'ACTIVATION IN PROGRESS', 'ACTIVE', 'ACTIVATION ERROR', 'TO BE REFUNDED', 'REFUNDED', 'REVOKED', 'CERTIFICATE DISABLED'];
  const EXPIRY_WINDOW_DAYS = 30;
  const REFRESH_MS = 4000;
  const MAX_PAGES = 20;
  const DAY = 86400000;
  // Empty when the host that serves the page is the API (local host). Deployed as static files next to the Functions
  // app on another origin, set <meta name="sslflow-api-base"> to the app's URL (and allow that origin in its CORS).
  const API_BASE = ((document.querySelector('meta[name="sslflow-api-base"]') || {}).content || '').replace(/\/$/, '');

  const state = {
    orders: [], statusFilter: 'all', search: '', selectedId: null, selected: null, timer: null, loading: false, capabilities: {},
    products: null, profiles: null, profilesAvailable: null, activateFor: null, activationSent: new Set(), caasFor: null,
    subjects: new Map(), subjectLoading: new Set(),
  };
  const $ = (sel) => document.querySelector(sel);

  // --- small DOM helper: text goes through textContent, never innerHTML ------------------------------
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
    return el;
  }

  // --- API ------------------------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(status, problem) {
      super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
      this.status = status;
      this.problem = problem || {};
    }
  }

  async function api(path, options = {}) {
    const headers = { Accept: 'application/json, application/problem+json', Authorization: `Bearer ${sessionStorage.getItem(KEY_STORAGE) || ''}` };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
    const response = await fetch(API_BASE + path, {
      method: options.method || 'GET', headers, cache: options.cache || 'default', body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    if (response.status === 401) {
      signOut('The API key was not accepted.');
      throw new ApiError(401, await readProblem(response));
    }
    if (!response.ok) throw new ApiError(response.status, await readProblem(response));
    if (options.raw) return response;
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }

  async function readProblem(response) {
    try { return await response.json(); } catch { return { title: `HTTP ${response.status}` }; }
  }

  // Problem details as readable text, with the offending fields named.
  function renderProblem(container, error) {
    container.replaceChildren();
    const p = error instanceof ApiError ? error.problem : { title: String(error && error.message || error) };
    container.append(h('strong', null, p.title || 'Request failed'));
    if (p.detail) container.append(h('div', null, p.detail));
    if (p.errors && typeof p.errors === 'object') {
      container.append(h('ul', null, Object.entries(p.errors).map(([field, reasons]) =>
        h('li', { 'data-error-field': field }, h('code', null, field), ': ', [].concat(reasons).join(' ')))));
    }
    container.hidden = false;
    return p;
  }

  // --- formatting -----------------------------------------------------------------------------------
  const pad = (n) => String(n).padStart(2, '0');
  function fmtDate(value, withTime = true) {
    if (!value) return '';
    const d = new Date(value);
    const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    return withTime ? `${date} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` : date;
  }
  const daysLeft = (notAfter) => Math.floor((new Date(notAfter).getTime() - Date.now()) / DAY);

  function shortSubStatus(s) {
    if (!s) return '';
    const t = s.toLowerCase();
    if (t.includes('domain control')) return 'Domain control validation';
    if (t.includes('additional') && t.includes('ev')) return 'Additional EV checks';
    if (t.includes('organization')) return 'Organization checks';
    if (t.includes('email address control')) return 'Email control validation';
    if (t.includes('identity')) return 'Identity verification';
    return s;
  }

  // --- products -------------------------------------------------------------------------------------
  // The codes come from the API's own description (openapi.json, the product enum of POST /api/orders); the labels are ours.
  const PRODUCT_LABELS = {
    'dv-single': 'DV single domain', 'dv-multi': 'DV multi-domain', 'dv-wildcard': 'DV wildcard',
    'ov-single': 'OV single domain', 'ov-multi': 'OV multi-domain', 'ov-wildcard': 'OV wildcard',
    'ev-single': 'EV single domain', 'ev-multi': 'EV multi-domain',
    'smime-basic': 'S/MIME Personal Authentication Basic', 'smime-pro': 'S/MIME Personal Authentication Pro', 'smime-enterprise': 'S/MIME Personal Authentication Enterprise',
    'caas-dv': 'Certificate as a Service (DV)', 'caas-ov': 'Certificate as a Service (OV)',
  };
  const FALLBACK_PRODUCTS = Object.keys(PRODUCT_LABELS);
  const MULTI_INCLUDED = 3;
  const MULTI_MAX = 100;
  const productLabel = (code) => PRODUCT_LABELS[code] || code || '';
  // What the activation asks for, by the product's validation level (SubjectDetailsRules on the server).
  function productKind(code) {
    const c = String(code || '');
    if (c.startsWith('caas-')) return 'caas';
    if (c === 'smime-basic') return 'mailbox';
    if (c === 'smime-pro') return 'individual';
    if (c === 'smime-enterprise') return 'sponsor';
    if (c.startsWith('ev-')) return 'ev';
    if (c.startsWith('ov-')) return 'ov';
    return 'dv';
  }
  const isMulti = (code) => /-multi$/.test(String(code || ''));
  const isSmime = (kind) => kind === 'mailbox' || kind === 'individual' || kind === 'sponsor';
  const needsOrganization = (kind) => kind === 'ov' || kind === 'ev' || kind === 'sponsor';

  // The API's own description, read once: the product codes, and whether an activation takes organizationProfileId.
  let description = null;
  async function loadDescription() {
    if (description) return description;
    try {
      const response = await fetch(`${API_BASE}/openapi.json`, { headers: { Accept: 'application/json' } });
      description = response.ok ? await response.json() : {};
    } catch {
      description = {};
    }
    return description;
  }

  async function loadProducts() {
    if (state.products) return state.products;
    const codes = (await loadDescription())?.components?.schemas?.CreateOrderRequest?.properties?.product?.enum;
    state.products = Array.isArray(codes) ? codes.filter((c) => typeof c === 'string') : FALLBACK_PRODUCTS;
    return state.products;
  }

  const dcvName = (m) => ({ Http01: 'HTTP file (http-01)', Dns01: 'DNS record (dns-01)', Email: 'Email to a constructed address' }[m] || m || '');

  // What the order is waiting for, in an operator's words.
  function waitingFor(o) {
    const names = (o.domains || []).join(', ');
    switch (o.status) {
      case 'PENDING ACTIVATION':
        if (productKind(o.product) === 'caas') return { kind: 'wait', text: 'Waiting for the certificate authority to set up the subscription and mint its credentials.' };
        if (isPurchase(o)) return { kind: 'wait', text: 'Bought and waiting for activation: give its names and details below (reseller view: Pending).' };
        return { kind: 'wait', text: 'Waiting to be submitted to the certificate authority (key pair and CSR are made in the vault first).' };
      case 'ACTIVATION IN PROGRESS': {
        const sub = shortSubStatus(o.subStatus);
        const validatingControl = sub === 'Domain control validation' || sub === 'Email control validation';
        if (validatingControl && o.dcvMethod === 'Email') return { kind: 'wait', text: `Waiting for the approver to answer the validation email for ${names} (resend it below if it was lost).` };
        if (sub === 'Domain control validation') return { kind: 'wait', text: `Waiting for domain control validation by ${dcvName(o.dcvMethod)} of ${names}.` };
        if (sub) return { kind: 'wait', text: `Waiting for the certificate authority: ${sub.toLowerCase()}.` };
        return { kind: 'wait', text: 'Waiting for the certificate authority to issue the certificate.' };
      }
      case 'ACTIVE':
        if (productKind(o.product) === 'caas') return { kind: 'done', text: `Subscription active${o.notAfter ? ` until ${fmtDate(o.notAfter, false)} (${daysLeft(o.notAfter)} days)` : ''}: read the ACME credentials below.` };
        return { kind: 'done', text: o.notAfter ? `Issued. Valid until ${fmtDate(o.notAfter, false)} (${daysLeft(o.notAfter)} days); renewal is scheduled before then.` : 'Issued.' };
      case 'ACTIVATION ERROR': return { kind: 'error', text: `Not issued: ${o.lastError || 'the CA rejected the request or validation failed'}.` };
      case 'TO BE REFUNDED': return { kind: 'wait', text: 'Waiting for the refund to be recorded.' };
      case 'REFUNDED': return { kind: 'ended', text: 'Refunded. Nothing more will happen.' };
      case 'REVOKED': return { kind: 'ended', text: 'Revoked. Nothing more will happen.' };
      case 'CERTIFICATE DISABLED': return { kind: 'ended', text: 'Expired. Place a new order to replace it.' };
      default: return { kind: 'wait', text: o.status };
    }
  }

  function duration(ms) {
    const m = Math.max(0, Math.round(ms / 60000));
    if (m < 1) return 'less than a minute';
    if (m < 120) return `${m} min`;
    const h = Math.round(m / 60);
    return h < 48 ? `${h} h` : `${Math.round(h / 24)} days`;
  }

  // Since when the order is in its current state: the last transition (or acceptance).
  function since(o) {
    const transitions = o.transitions || [];
    const at = transitions.length ? transitions[transitions.length - 1].at : o.createdAt;
    return at ? `Since ${fmtDate(at)} (${duration(Date.now() - new Date(at).getTime())}).` : '';
  }

  function badge(status) { return h('span', { class: 'badge', 'data-status': status }, status); }

  function toast(text, kind) {
    const t = $('#toast');
    t.textContent = text;
    t.dataset.kind = kind || 'info';
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { t.hidden = true; }, 5000);
  }

  // --- sign-in --------------------------------------------------------------------------------------
  function signOut(message) {
    sessionStorage.removeItem(KEY_STORAGE);
    clearInterval(state.timer);
    state.timer = null;
    document.body.dataset.state = 'signed-out';
    closeDetail();
    // Another key may belong to another account: nothing of this one's is kept.
    Object.assign(state, { orders: [], profiles: null, profilesAvailable: null, activateFor: null, caasFor: null });
    state.subjects.clear();
    renderCounts();
    renderTable();
    renderExpiring();
    $('#orders-table').dataset.loaded = 'false';
    const err = $('#api-key-error');
    err.textContent = message || '';
    err.hidden = !message;
    $('#api-key').value = '';
    $('#api-key').focus();
  }

  async function signIn() {
    document.body.dataset.state = 'signed-in';
    try {
      state.capabilities = await api('/api/operator/capabilities') || {};
    } catch (e) {
      state.capabilities = {};
      if (e instanceof ApiError && e.status === 401) return;
    }
    await refresh();
    clearInterval(state.timer);
    state.timer = setInterval(() => { if (!document.hidden) refresh(); }, REFRESH_MS);
  }

  // --- orders ---------------------------------------------------------------------------------------
  async function loadAllOrders() {
    const all = [];
    let token = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const query = new URLSearchParams({ pageSize: '1000' });
      if (token) query.set('continuationToken', token);
      const result = await api(`/api/orders?${query}`);
      all.push(...(result.orders || []));
      token = result.continuationToken;
      if (!token) break;
    }
    return all;
  }

  async function refresh() {
    const key = sessionStorage.getItem(KEY_STORAGE);
    if (!key || state.loading === key || document.body.dataset.state !== 'signed-in') return;
    state.loading = key;
    try {
      const orders = await loadAllOrders();
      // Signed out, or in with another key, while this list was loading: it is not this key's to show.
      if (sessionStorage.getItem(KEY_STORAGE) !== key) return;
      state.orders = orders;
      state.orders.sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
      renderCounts();
      renderTable();
      renderExpiring();
      $('#orders-table').dataset.loaded = 'true';
      $('#last-refresh').textContent = `Updated ${fmtDate(new Date()).slice(11)}`;
      if (state.selectedId) await loadDetail(state.selectedId, true);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) toast(`Could not load orders: ${e.message}`, 'error');
    } finally {
      if (state.loading === key) state.loading = false;
    }
  }

  function renderCounts() {
    const counts = Object.fromEntries(STATUSES.map((s) => [s, 0]));
    for (const o of state.orders) counts[o.status] = (counts[o.status] || 0) + 1;
    const card = (status, label, n) => h('button', {
      type: 'button', class: 'count-card', 'data-status': status, 'data-testid': `count-${status}`, 'aria-pressed': String(state.statusFilter === status),
      onclick: () => { state.statusFilter = state.statusFilter === status && status !== 'all' ? 'all' : status; renderCounts(); renderTable(); },
    }, h('span', { class: 'n', 'data-count': n }, n), h('span', { class: 'label' }, label));
    $('#status-counts').replaceChildren(card('all', 'ALL ORDERS', state.orders.length), ...STATUSES.map((s) => card(s, s, counts[s] || 0)));
  }

  function matches(o, q) {
    if (!q) return true;
    const hay = [o.orderId, o.caReference, o.status, o.subStatus, o.product, o.resellerState, o.mailbox, ...(o.domains || [])].filter(Boolean).join(' ').toLowerCase();
    return q.split(/\s+/).every((term) => hay.includes(term));
  }

  function expiryCell(o) {
    if (!o.notAfter) return h('span', { class: 'muted' }, '—');
    const days = daysLeft(o.notAfter);
    const cls = days < 0 ? 'expiry-past' : days <= EXPIRY_WINDOW_DAYS ? 'expiry-soon' : '';
    return h('span', { class: cls, title: fmtDate(o.notAfter) }, fmtDate(o.notAfter, false), h('span', { class: 'more' }, days < 0 ? 'expired' : `${days} d`));
  }

  function renderTable() {
    const q = state.search.trim().toLowerCase();
    const rows = state.orders.filter((o) => (state.statusFilter === 'all' || o.status === state.statusFilter) && matches(o, q));
    $('#orders-body').replaceChildren(...rows.map((o) => {
      const domains = o.domains || [];
      return h('tr', {
        'data-order-id': o.orderId, 'data-status': o.status, 'data-reseller-state': o.resellerState, tabindex: '0', 'aria-selected': String(o.orderId === state.selectedId),
        onclick: () => openOrder(o.orderId), onkeydown: (e) => { if (e.key === 'Enter') openOrder(o.orderId); },
      },
      h('td', null, domains.length || o.mailbox ? h('span', { class: 'domain' }, domains[0] || o.mailbox) : h('span', { class: 'muted' }, productLabel(o.product)),
        domains.length > 1 ? h('span', { class: 'more' }, `+${domains.length - 1}`) : null,
        h('div', { class: 'sub mono' }, o.orderId)),
      h('td', { class: 'mono', 'data-field': 'caReference' }, o.caReference || h('span', { class: 'muted' }, '—')),
      h('td', { 'data-field': 'status' }, badge(o.status)),
      h('td', { class: 'sub', title: o.subStatus || '', 'data-field': 'subStatus' },
        o.subStatus ? shortSubStatus(o.subStatus) : o.resellerState === 'Pending' ? `Pending${isPurchase(o) ? ' (not activated)' : ''}` : ''),
      h('td', { 'data-field': 'expiry' }, expiryCell(o)),
      h('td', { class: 'sub' }, fmtDate(o.createdAt)));
    }));
    $('#orders-empty').hidden = rows.length > 0;
  }

  function renderExpiring() {
    const now = Date.now();
    const soon = state.orders
      .filter((o) => o.status === 'ACTIVE' && o.notAfter && new Date(o.notAfter).getTime() - now <= EXPIRY_WINDOW_DAYS * DAY)
      .sort((a, b) => String(a.notAfter).localeCompare(String(b.notAfter)));
    $('#expiring').replaceChildren(...soon.map((o) => h('li', { 'data-order-id': o.orderId, onclick: () => openOrder(o.orderId) },
      h('span', { class: 'domain' }, (o.domains || [])[0] || o.orderId), expiryCell(o))));
    $('#expiring-empty').hidden = soon.length > 0;
    $('#expiring-count').textContent = String(soon.length);
  }

  // --- one order ------------------------------------------------------------------------------------
  async function openOrder(id) {
    if (state.selectedId !== id) clearCredentials();
    state.selectedId = id;
    $('#action-errors').hidden = true;
    for (const d of document.querySelectorAll('#order-detail details')) d.open = false;
    for (const tr of document.querySelectorAll('#orders-body tr')) tr.setAttribute('aria-selected', String(tr.dataset.orderId === id));
    $('#order-detail').hidden = false;
    document.body.dataset.detail = 'open';
    await loadDetail(id, false);
  }

  function closeDetail() {
    clearCredentials();
    state.selectedId = null;
    state.selected = null;
    $('#order-detail').hidden = true;
    document.body.dataset.detail = 'closed';
    for (const tr of document.querySelectorAll('#orders-body tr')) tr.setAttribute('aria-selected', 'false');
  }

  async function loadDetail(id, quiet) {
    try {
      const o = await api(`/api/orders/${encodeURIComponent(id)}`);
      if (state.selectedId !== id) return;
      state.selected = o;
      renderDetail(o);
    } catch (e) {
      if (!quiet) renderProblem($('#action-errors'), e);
    }
  }

  function renderDetail(o) {
    const drawer = $('#order-detail');
    drawer.dataset.orderId = o.orderId;
    drawer.dataset.status = o.status;
    $('#detail-title').textContent = o.orderId;
    $('#detail-status').replaceChildren(...[badge(o.status), o.subStatus ? h('span', { class: 'sub' }, shortSubStatus(o.subStatus)) : null,
      h('span', { class: 'muted small' }, `Reseller: ${o.resellerState || ''}`)].filter(Boolean));
    const w = waitingFor(o);
    const waiting = $('#waiting-for');
    waiting.replaceChildren(w.text, w.kind === 'wait' ? h('span', { class: 'since', 'data-testid': 'waiting-since' }, since(o)) : '');
    waiting.dataset.kind = w.kind;
    const fact = (label, value, mono) => value ? [h('dt', null, label), h('dd', { class: mono ? 'mono' : null }, value)] : [];
    $('#detail-facts').replaceChildren(
      ...fact('Domains', (o.domains || []).join(', ')),
      ...fact('Mailbox', o.mailbox),
      ...fact('Product', o.product),
      // A purchase has no DCV method until it is activated (the stored placeholder would mislead).
      ...fact('DCV method', isPurchase(o) || productKind(o.product) === 'caas' ? null : dcvName(o.dcvMethod)),
      ...fact('CA reference', o.caReference, true),
      ...fact('Serial number', o.serialNumber, true),
      ...subjectFacts(o),
      ...fact('Organization profile', o.organizationProfileId ? profileName(o.organizationProfileId) : null),
      ...fact('Valid from', fmtDate(o.notBefore)),
      ...fact('Valid until', fmtDate(o.notAfter)),
      ...fact('Last error', o.lastError),
      ...fact('Workflow', o.workflow),
      ...fact('Created', fmtDate(o.createdAt)),
      ...fact('Updated', fmtDate(o.updatedAt)));
    const transitions = o.transitions || [];
    $('#timeline').replaceChildren(...(transitions.length ? transitions.map((t, i) => h('li', { 'data-status': t.to, 'data-index': i, 'data-cause': t.cause },
      h('div', { class: 'when' }, fmtDate(t.at), ' · ', t.actor, ' · ', t.cause),
      h('div', { class: 'what' }, t.from ? `${t.from} → ` : '', badge(t.to)),
      t.subStatus ? h('div', { class: 'why' }, shortSubStatus(t.subStatus)) : null,
      t.detail ? h('div', { class: 'why' }, t.detail) : null)) : [h('li', { class: 'muted' }, 'No transitions recorded yet.')]));
    // Issue 17: installation state per target of the current certificate, and a retry.
    const installations = o.installations || [];
    $('#installations-section').hidden = installations.length === 0;
    $('#installations').replaceChildren(...installations.map((i) => h('li', { 'data-state': i.state },
      h('div', { class: 'when' }, i.at ? fmtDate(i.at) : '', i.at ? ' · ' : '', i.target, ' · ', i.state, i.attempts > 1 ? ` (${i.attempts} attempts)` : ''),
      i.serialNumber ? h('div', { class: 'why mono' }, `serial ${i.serialNumber}`) : null,
      i.detail ? h('div', { class: 'why' }, i.detail) : null)));
    $('#action-install').disabled = o.status !== 'ACTIVE' || installations.length === 0;
    const running = o.status === 'PENDING ACTIVATION' || o.status === 'ACTIVATION IN PROGRESS';
    const active = o.status === 'ACTIVE';
    setAction('#cancel-panel', running || active);
    setAction('#revoke-panel', active);
    setAction('#reissue-panel', active);
    // Resend approval: only an order waiting on an approver's email has one to resend.
    setAction('#resend-panel', o.status === 'ACTIVATION IN PROGRESS' && o.dcvMethod === 'Email'
      && ['Domain control validation', 'Email control validation'].includes(shortSubStatus(o.subStatus)));
    // Approve/reject at the sandbox CA: only where the host knows the sandbox, for orders placed there.
    $('#sandbox-panel').hidden = !state.capabilities.sandboxCaApproval;
    setAction('#sandbox-panel', !!state.capabilities.sandboxCaApproval && running && !!o.caReference);
    $('#action-download').disabled = !o.serialNumber;
    renderActivation(o);
    renderCaas(o);
  }

  function setAction(sel, enabled) {
    const d = $(sel);
    d.dataset.disabled = String(!enabled);
    if (!enabled) d.open = false;
    for (const el of d.querySelectorAll('input, select, button')) el.disabled = !enabled;
  }

  async function lifecycle(action, body, path) {
    const id = state.selectedId;
    const errors = $('#action-errors');
    errors.hidden = true;
    try {
      const result = await api(path || `/api/orders/${encodeURIComponent(id)}/${action}`, { method: 'POST', body });
      const label = action.replace(/-/g, ' ');
      toast(`${label[0].toUpperCase()}${label.slice(1)} requested for ${id}${result && result.detail ? `: ${result.detail}` : ''}`);
      for (const d of document.querySelectorAll('#order-detail details')) d.open = false;
      await refresh();
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) renderProblem(errors, e);
    }
  }

  async function download() {
    const id = state.selectedId;
    try {
      const response = await api(`/api/orders/${encodeURIComponent(id)}/certificate`, { raw: true });
      const blob = new Blob([await response.text()], { type: 'application/x-pem-file' });
      const a = h('a', { href: URL.createObjectURL(blob), download: `${id}.pem` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) renderProblem($('#action-errors'), e);
    }
  }

  // --- new order ------------------------------------------------------------------------------------
  const splitNames = (text) => text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);

  function openNewOrder() {
    const dialog = $('#new-order-dialog');
    $('#new-order-errors').hidden = true;
    clearFieldErrors($('#new-order-form'));
    dialog.showModal();
    $('#order-domains').focus();
  }

  async function submitNewOrder(event) {
    event.preventDefault();
    const form = $('#new-order-form');
    const errors = $('#new-order-errors');
    errors.hidden = true;
    clearFieldErrors(form);
    const body = {
      domains: splitNames($('#order-domains').value),
      product: $('#order-product').value,
      dcvMethod: $('#order-dcv').value,
      contactEmail: $('#order-email').value.trim() || null,
    };
    if (body.dcvMethod === 'email') body.approverEmail = $('#order-approver').value.trim() || null;
    const submit = $('#new-order-submit');
    submit.disabled = true;
    try {
      // One key per form submission: a double click or a retried request names the same order.
      const key = form.dataset.idempotencyKey || (form.dataset.idempotencyKey = crypto.randomUUID());
      const response = await fetch(`${API_BASE}/api/orders`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${sessionStorage.getItem(KEY_STORAGE) || ''}`, 'Idempotency-Key': key },
        body: JSON.stringify(body),
      });
      if (response.status === 401) { $('#new-order-dialog').close(); signOut('The API key was not accepted.'); return; }
      if (!response.ok) throw new ApiError(response.status, await readProblem(response));
      const accepted = await response.json();
      delete form.dataset.idempotencyKey;
      form.reset();
      $('#approver-row').hidden = true;
      $('#new-order-dialog').close();
      toast(`Order ${accepted.orderId} placed`);
      await refresh();
      await openOrder(accepted.orderId);
    } catch (e) {
      showProblem(form, errors, e);
      if (!(e instanceof ApiError) || e.status !== 400) delete form.dataset.idempotencyKey;
    } finally {
      submit.disabled = false;
    }
  }

  // --- the issued certificate's subject (what the CA certified: O, L, ST, C; EV and S/MIME fields) -------------
  // Read from the chain the API serves, with a small DER reader: the certificate is what the CA certified (the order
  // view gives the details as they were asked for).
  const OID_NAMES = {
    '2.5.4.3': 'CN', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST', '2.5.4.9': 'street', '2.5.4.10': 'O', '2.5.4.11': 'OU',
    '2.5.4.17': 'postalCode', '2.5.4.5': 'serialNumber', '2.5.4.15': 'businessCategory', '2.5.4.4': 'SN', '2.5.4.42': 'GN',
    '1.2.840.113549.1.9.1': 'emailAddress', '1.3.6.1.4.1.311.60.2.1.1': 'jurisdictionL', '1.3.6.1.4.1.311.60.2.1.2': 'jurisdictionST',
    '1.3.6.1.4.1.311.60.2.1.3': 'jurisdictionC',
  };

  function derNode(bytes, pos) {
    const tag = bytes[pos];
    let length = bytes[pos + 1];
    let start = pos + 2;
    if (length & 0x80) {
      const n = length & 0x7f;
      length = 0;
      for (let i = 0; i < n; i++) length = length * 256 + bytes[start++];
    }
    if (start + length > bytes.length) throw new Error('truncated DER');
    return { tag, start, end: start + length };
  }

  function derChildren(bytes, node) {
    const out = [];
    for (let p = node.start; p < node.end;) { const c = derNode(bytes, p); out.push(c); p = c.end; }
    return out;
  }

  function derOid(bytes, node) {
    const b = bytes.subarray(node.start, node.end);
    const parts = [Math.min(2, Math.floor(b[0] / 40)), b[0] - Math.min(2, Math.floor(b[0] / 40)) * 40];
    let v = 0;
    for (let i = 1; i < b.length; i++) { v = v * 128 + (b[i] & 0x7f); if (!(b[i] & 0x80)) { parts.push(v); v = 0; } }
    return parts.join('.');
  }

  function derString(bytes, node) {
    const b = bytes.subarray(node.start, node.end);
    if (node.tag === 0x1e) { let t = ''; for (let i = 0; i + 1 < b.length; i += 2) t += String.fromCharCode(b[i] * 256 + b[i + 1]); return t; }
    return new TextDecoder(node.tag === 0x14 ? 'latin1' : 'utf-8').decode(b);
  }

  /** The subject of the first certificate in a PEM chain as [name, value] pairs, or null. */
  function certificateSubject(pem) {
    const m = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(pem || '');
    if (!m) return null;
    const binary = atob(m[1].replace(/\s+/g, ''));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const tbs = derChildren(bytes, derNode(bytes, 0))[0];
    let fields = derChildren(bytes, tbs);
    if (fields[0].tag === 0xa0) fields = fields.slice(1); // explicit version
    const subject = fields[4]; // serialNumber, signature, issuer, validity, subject
    const out = [];
    for (const rdn of derChildren(bytes, subject)) {
      for (const atv of derChildren(bytes, rdn)) {
        const [oid, value] = derChildren(bytes, atv);
        const id = derOid(bytes, oid);
        out.push([OID_NAMES[id] || id, derString(bytes, value)]);
      }
    }
    return out;
  }

  // The organization, person and contacts kept with the order (issue 16): shown from the view, before issuance too.
  // Once issued, the certificate's subject line is added (what the CA certified); an order recorded before the view
  // carried the details still shows the certificate's organization and person.
  function subjectFacts(o) {
    const kept = o.subject || {};
    const org = kept.organization;
    const joined = (...parts) => parts.filter((x) => x).join(', ');
    const personText = (p) => (p ? [p.givenName, p.surname].filter(Boolean).join(' ') : '');
    const contactText = (c) => (c ? [c.name, c.email ? `<${c.email}>` : null, c.phone].filter(Boolean).join(' ') : '');
    const pair = (label, value, attrs) => (value ? [h('dt', null, label), h('dd', attrs || null, value)] : []);
    let rdn = null;
    if (o.serialNumber) {
      const known = state.subjects.get(o.orderId);
      if (!known || known.serial !== o.serialNumber) loadSubject(o);
      else rdn = known.subject;
    }
    const fromCertificate = (key) => (rdn || []).filter(([k]) => k === key).map(([, v]) => v);
    const organization = org?.legalName || fromCertificate('O').join(', ');
    const person = personText(kept.person) || [...fromCertificate('GN'), ...fromCertificate('SN')].join(' ');
    return [
      ...pair('Organization', organization, { 'data-testid': 'subject-organization' }),
      ...pair('Organization address', org ? joined(org.streetAddress, org.postalCode, org.locality, org.stateOrProvince, org.country) : '', { 'data-testid': 'subject-address' }),
      ...pair('Registration number', org?.registrationNumber),
      ...pair('Jurisdiction', org?.jurisdiction ? joined(org.jurisdiction.locality, org.jurisdiction.stateOrProvince, org.jurisdiction.country) : ''),
      ...pair('Business category', org?.businessCategory),
      ...pair('Organization phone', org?.phone),
      ...pair('Person', person, { 'data-testid': 'subject-person' }),
      ...pair('Admin contact', contactText(kept.contacts?.admin), { 'data-testid': 'subject-admin' }),
      ...pair('Technical contact', contactText(kept.contacts?.technical), { 'data-testid': 'subject-technical' }),
      ...pair('Certificate subject', rdn ? rdn.map(([k, v]) => `${k}=${v}`).join(', ') : '', { class: 'mono', 'data-testid': 'subject' }),
    ];
  }

  async function loadSubject(o) {
    const key = `${o.orderId} ${o.serialNumber}`;
    if (state.subjectLoading.has(key)) return;
    state.subjectLoading.add(key);
    try {
      const response = await api(`/api/orders/${encodeURIComponent(o.orderId)}/certificate`, { raw: true });
      let subject = null;
      try { subject = certificateSubject(await response.text()); } catch { subject = null; }
      state.subjects.set(o.orderId, { serial: o.serialNumber, subject });
      if (state.selectedId === o.orderId && state.selected) renderDetail(state.selected);
    } catch {
      // No chain (yet): the facts simply leave the subject out; the next refresh tries again.
    } finally {
      state.subjectLoading.delete(key);
    }
  }

  // --- problem details next to the fields they name ------------------------------------------------------
  let fieldErrorSeq = 0;

  function clearFieldErrors(form) {
    for (const el of form.querySelectorAll('.field-error')) el.remove();
    for (const el of form.querySelectorAll('[aria-invalid="true"], .invalid, .invalid-group')) {
      el.removeAttribute('aria-invalid');
      el.classList.remove('invalid', 'invalid-group');
      const ids = (el.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && !x.startsWith('ferr-'));
      if (ids.length) el.setAttribute('aria-describedby', ids.join(' ')); else el.removeAttribute('aria-describedby');
    }
  }

  // The visible element a server field path names: the input itself (organization.country), else the nearest named
  // group (contacts.admin for contacts.admin.x when no input matches), else nothing (then the summary lists it).
  function fieldTarget(form, field) {
    const visible = (el) => el && !el.closest('[hidden]');
    let name = String(field);
    while (name) {
      const el = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
      if (visible(el)) return el;
      const unindexed = name.replace(/\[\d+\]$/, '');
      if (unindexed !== name) { name = unindexed; continue; }
      const dot = name.lastIndexOf('.');
      if (dot < 0) break;
      name = name.slice(0, dot);
    }
    // A route that names organization fields without their prefix (legalName, jurisdiction.country).
    const bare = form.querySelector(`[data-org="${CSS.escape(String(field))}"]`);
    return visible(bare) ? bare : null;
  }

  function labelOf(el) {
    if (el.matches('fieldset')) return el.querySelector('legend')?.textContent.trim() || el.dataset.field;
    const label = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`) : null;
    return label ? (label.childNodes[0]?.textContent || label.textContent).trim() : el.dataset.field;
  }

  /** Shows an RFC 9457 problem: each field error next to its input, the rest (and a summary) in the alert region. */
  function showProblem(form, summary, error) {
    clearFieldErrors(form);
    const p = error instanceof ApiError ? error.problem : { title: String((error && error.message) || error) };
    const notes = new Map();
    const unplaced = [];
    for (const [field, reasons] of Object.entries(p.errors && typeof p.errors === 'object' ? p.errors : {})) {
      const text = [].concat(reasons).join(' ');
      const target = fieldTarget(form, field);
      if (!target) { unplaced.push([field, text]); continue; }
      let note = notes.get(target);
      const closed = target.closest('details:not([open])');
      if (closed) closed.open = true;
      if (!note) {
        note = h('p', { class: 'field-error', id: `ferr-${++fieldErrorSeq}`, 'data-error-for': field });
        notes.set(target, note);
        if (target.matches('input, select, textarea')) {
          target.after(note);
          target.setAttribute('aria-invalid', 'true');
          target.classList.add('invalid');
          target.setAttribute('aria-describedby', [target.getAttribute('aria-describedby'), note.id].filter(Boolean).join(' '));
        } else {
          const legend = target.querySelector(':scope > legend');
          if (legend) legend.after(note); else target.prepend(note);
          target.classList.add('invalid-group');
        }
      } else {
        note.dataset.errorFor += ` ${field}`;
      }
      note.append(h('span', { 'data-field-error': field }, text), ' ');
    }
    summary.replaceChildren(h('strong', null, p.title || 'Request failed'));
    if (p.detail) summary.append(h('div', null, p.detail));
    if (notes.size) summary.append(h('div', null, `Check the marked field${notes.size > 1 ? 's' : ''}: ${[...notes.keys()].map(labelOf).join(', ')}.`));
    if (unplaced.length) summary.append(h('ul', null, unplaced.map(([field, text]) => h('li', { 'data-error-field': field }, h('code', null, field), ': ', text))));
    summary.hidden = false;
    const first = [...notes.keys()].find((el) => el.matches('input, select, textarea'));
    if (first) first.focus();
    return p;
  }

  // --- buy (purchase: only the product; activated later) -----------------------------------------------
  async function openBuy() {
    const dialog = $('#buy-dialog');
    $('#buy-errors').hidden = true;
    clearFieldErrors($('#buy-form'));
    const select = $('#buy-product');
    if (!select.options.length) {
      const codes = await loadProducts();
      select.replaceChildren(...codes.map((c) => h('option', { value: c }, `${productLabel(c)} (${c})`)));
    }
    updateBuyRows();
    dialog.showModal();
    select.focus();
  }

  function updateBuyRows() {
    const code = $('#buy-product').value;
    const kind = productKind(code);
    $('#buy-sans-row').hidden = !isMulti(code);
    $('#buy-sans-hint').textContent = `${MULTI_INCLUDED} names included; up to ${MULTI_MAX - MULTI_INCLUDED} more`;
    $('#buy-extra-sans').max = String(MULTI_MAX - MULTI_INCLUDED);
    $('#buy-term-row').hidden = kind !== 'caas';
    $('#buy-org-row').hidden = code !== 'caas-ov';
  }

  /** POST /api/orders with one Idempotency-Key per form submission (a double click or a retry names the same order). */
  async function postOrder(form, body) {
    const key = form.dataset.idempotencyKey || (form.dataset.idempotencyKey = crypto.randomUUID());
    const response = await fetch(`${API_BASE}/api/orders`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${sessionStorage.getItem(KEY_STORAGE) || ''}`, 'Idempotency-Key': key },
      body: JSON.stringify(body),
    });
    if (response.status === 401) { signOut('The API key was not accepted.'); throw new ApiError(401, null); }
    if (!response.ok) {
      const problem = await readProblem(response);
      if (response.status !== 400) delete form.dataset.idempotencyKey;
      throw new ApiError(response.status, problem);
    }
    delete form.dataset.idempotencyKey;
    return response.json();
  }

  async function submitBuy(event) {
    event.preventDefault();
    const form = $('#buy-form');
    const errors = $('#buy-errors');
    errors.hidden = true;
    clearFieldErrors(form);
    const product = $('#buy-product').value;
    const body = { product, contactEmail: $('#buy-email').value.trim() || null };
    if (isMulti(product)) {
      const raw = $('#buy-extra-sans').value.trim();
      body.extraSans = raw === '' ? 0 : Number(raw);
      if (!Number.isInteger(body.extraSans)) body.extraSans = raw; // the server names the field
    }
    if (productKind(product) === 'caas') body.term = $('#buy-term').value;
    if (product === 'caas-ov') body.organizationName = $('#buy-org-name').value.trim() || null;
    const submit = $('#buy-submit');
    submit.disabled = true;
    try {
      const accepted = await postOrder(form, body);
      form.reset();
      $('#buy-dialog').close();
      toast(`Order ${accepted.orderId} bought: ${accepted.status}${accepted.resellerState ? ` (${accepted.resellerState})` : ''}`);
      await refresh();
      await openOrder(accepted.orderId);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) showProblem(form, errors, e);
      else $('#buy-dialog').close();
    } finally {
      submit.disabled = false;
    }
  }

  // --- activation ---------------------------------------------------------------------------------------
  /** A purchase waiting for its details: PENDING ACTIVATION with no names yet (create-and-submit orders have theirs). */
  const isPurchase = (o) => o.status === 'PENDING ACTIVATION' && !(o.domains || []).length && !o.mailbox && productKind(o.product) !== 'caas';

  function renderActivation(o) {
    const section = $('#activate-section');
    const show = isPurchase(o);
    section.hidden = !show;
    if (!show) { state.activateFor = null; return; }
    if (state.activateFor !== o.orderId) prepareActivation(o);
    const sent = state.activationSent.has(o.orderId);
    // The API takes the activation once the purchase is recorded (until then it answers 409); lists show recorded orders only.
    const recorded = state.orders.some((x) => x.orderId === o.orderId);
    $('#activate-submit').disabled = sent || !recorded;
    $('#activate-wait').hidden = sent || recorded;
    if (sent) $('#activate-note').textContent = 'Activation requested; the order is being placed with the certificate authority.';
  }

  function prepareActivation(o) {
    state.activateFor = o.orderId;
    const form = $('#activate-form');
    form.reset();
    clearFieldErrors(form);
    $('#activate-errors').hidden = true;
    const kind = productKind(o.product);
    const smime = isSmime(kind);
    $('#activate-note').textContent = `${productLabel(o.product)}, bought ${fmtDate(o.createdAt)}. Give its ${smime ? 'mailbox' : 'names'} and details; the order is then placed with the certificate authority.`;
    $('#act-names-row').hidden = smime;
    $('#act-mailbox-row').hidden = !smime;
    $('#act-domains').placeholder = isMulti(o.product) ? 'www.example.com\napi.example.com' : /-wildcard$/.test(o.product) ? '*.example.com' : 'www.example.com';
    // DCV methods the product allows: wildcard names cannot use http-01; S/MIME validates the mailbox by email only.
    const methods = smime ? [['email', 'Email challenge to the mailbox']]
      : /-wildcard$/.test(o.product) ? [['dns-01', 'DNS record (dns-01)'], ['email', 'Email to an approver (email)']]
        : [['http-01', 'HTTP file (http-01)'], ['dns-01', 'DNS record (dns-01)'], ['email', 'Email to an approver (email)']];
    $('#act-dcv').replaceChildren(...methods.map(([v, label]) => h('option', { value: v }, label)));
    $('#act-dcv').disabled = smime;
    updateApproverRow();
    $('#act-person').hidden = !(kind === 'individual' || kind === 'sponsor');
    $('#act-org').hidden = !needsOrganization(kind);
    $('#act-ev').hidden = kind !== 'ev';
    $('#act-org-registration-row').hidden = kind === 'sponsor';
    $('#act-org-registration-hint').textContent = kind === 'ev' ? 'required unless a Government Entity' : 'optional';
    $('#act-contacts').hidden = !needsOrganization(kind);
    $('#act-technical').hidden = kind === 'sponsor';
    lockOrganization(false);
    $('#act-profile-row').hidden = true;
    $('#act-save-profile-row').hidden = true;
    if (needsOrganization(kind)) loadProfiles();
  }

  function updateApproverRow() {
    $('#act-approver-row').hidden = $('#act-dcv').value !== 'email' || !$('#act-mailbox-row').hidden;
    const first = splitNames($('#act-domains').value)[0];
    if (first) $('#act-approver').placeholder = `admin@${first.replace(/^\*\./, '').replace(/^www\./, '')}`;
  }

  const valueOf = (sel) => { const v = $(sel).value.trim(); return v === '' ? null : v; };

  function readOrganization(ev) {
    const org = {};
    for (const input of document.querySelectorAll('#act-org [data-org]')) {
      if (input.closest('[hidden]') && !(ev && input.closest('#act-ev'))) continue;
      const v = input.value.trim();
      if (v === '') continue;
      const path = input.dataset.org.split('.');
      let at = org;
      for (const part of path.slice(0, -1)) at = at[part] || (at[part] = {});
      at[path[path.length - 1]] = path[path.length - 1] === 'country' ? v.toUpperCase() : v;
    }
    return org;
  }

  const readContact = (prefix) => ({ name: valueOf(`#act-${prefix}-name`), email: valueOf(`#act-${prefix}-email`), phone: valueOf(`#act-${prefix}-phone`) });
  const anyOf = (c) => Object.values(c).some((v) => v !== null);

  function activationBody(o) {
    const kind = productKind(o.product);
    const body = {};
    if (isSmime(kind)) body.mailbox = valueOf('#act-mailbox');
    else {
      const names = splitNames($('#act-domains').value);
      if (names.length) body.domains = names;
      body.dcvMethod = $('#act-dcv').value;
      if (body.dcvMethod === 'email') body.approverEmail = valueOf('#act-approver');
    }
    const contactEmail = valueOf('#act-contact-email');
    if (contactEmail) body.contactEmail = contactEmail;
    if (needsOrganization(kind)) {
      const profile = $('#act-profile').value;
      if (profile && !$('#act-profile-row').hidden) body.organizationProfileId = profile;
      else body.organization = readOrganization(kind === 'ev');
      const admin = readContact('admin');
      const technical = readContact('technical');
      body.contacts = { admin };
      if (kind !== 'sponsor' || anyOf(technical)) body.contacts.technical = technical;
    }
    if (kind === 'individual' || kind === 'sponsor') body.person = { givenName: valueOf('#act-given-name'), surname: valueOf('#act-surname') };
    return body;
  }

  async function submitActivation(event) {
    event.preventDefault();
    const o = state.selected;
    if (!o || !isPurchase(o)) return;
    const id = o.orderId;
    const form = $('#activate-form');
    const errors = $('#activate-errors');
    errors.hidden = true;
    clearFieldErrors(form);
    const submit = $('#activate-submit');
    submit.disabled = true;
    try {
      const body = activationBody(o);
      if ($('#act-save-profile').checked && !$('#act-save-profile-row').hidden && body.organization) {
        let created;
        try {
          created = await api('/api/organization-profiles', {
            method: 'POST',
            // For the order's own account: a customer's key may name its own account, and an operator activating a
            // customer's order must (the profiles route otherwise files it under the operator's account).
            body: {
              name: valueOf('#act-profile-name') || body.organization.legalName || null, organization: body.organization, contacts: body.contacts || null,
              ...(o.customer ? { accountId: o.customer } : {}),
            },
          });
        } catch (e) {
          // The account keeps a profile for this organization already: nothing to save, the activation goes on.
          if (!(e instanceof ApiError && e.status === 409 && e.problem.existingId)) throw e;
          created = null;
          $('#act-save-profile').checked = false;
          toast('This organization is saved as a profile already.');
        }
        if (created && created.id) {
          // Saved once: sending again (after another field's error) does not save it again. The order still carries the
          // organization as typed (the same one); the host files its vetting under the account's profile for it.
          state.profiles = [...(state.profiles || []).filter((p) => p.id !== created.id), created];
          $('#act-save-profile').checked = false;
          fillProfiles();
          toast(`Organization profile ${created.name || created.id} saved.`);
        }
      }
      const result = await api(`/api/orders/${encodeURIComponent(id)}/activate`, { method: 'POST', body });
      state.activationSent.add(id);
      toast(`Activation requested for ${id}${result && result.detail ? `: ${result.detail}` : ''}`);
      await refresh();
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) showProblem(form, errors, e);
    } finally {
      submit.disabled = state.activationSent.has(id) || !state.orders.some((x) => x.orderId === id);
    }
  }

  // --- organization profiles (hidden where the host has no such route) ----------------------------------------
  async function loadProfiles() {
    if (state.profilesAvailable === false) return;
    try {
      const all = [];
      let token = null;
      for (let page = 0; page < MAX_PAGES; page++) {
        const result = await api(`/api/organization-profiles${token ? `?pageToken=${encodeURIComponent(token)}` : ''}`);
        all.push(...((result && Array.isArray(result.items)) ? result.items : []));
        token = result && result.nextPageToken;
        if (!token) break;
      }
      state.profiles = all;
      state.profilesAvailable = true;
      // A host with the profiles but an activation that does not take a profile yet: saving works, picking does not.
      state.profilesPickable = !!(await loadDescription())?.components?.schemas?.ActivationRequest?.properties?.organizationProfileId;
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.status === 405)) state.profilesAvailable = false;
      state.profiles = [];
    }
    fillProfiles();
  }

  // The profiles the order being activated may use: its customer's only (an operator's list holds every account's,
  // and the server refuses another account's profile).
  function usableProfiles() {
    const order = state.orders.find((o) => o.orderId === state.activateFor);
    const owner = order && order.customer;
    return (state.profiles || []).filter((p) => !owner || p.accountId === owner);
  }

  function fillProfiles() {
    const available = state.profilesAvailable === true;
    const orgShown = !$('#act-org').hidden;
    $('#act-profile-row').hidden = !(available && state.profilesPickable && orgShown && usableProfiles().length > 0);
    $('#act-save-profile-row').hidden = !(available && orgShown) || !!$('#act-profile').value;
    const select = $('#act-profile');
    const chosen = select.value;
    const usable = usableProfiles();
    // Without an owner on the order (older hosts) an operator may still see several accounts': name the account then.
    const accounts = new Set(usable.map((p) => p.accountId));
    select.replaceChildren(h('option', { value: '' }, 'None: enter the details below'),
      ...usable.map((p) => h('option', { value: p.id },
        `${p.name || p.organization?.legalName || p.id}${p.vetting ? ` · vetted ${p.vetting.level || ''}`.trimEnd() : ''}${accounts.size > 1 ? ` · ${p.accountId}` : ''}`)));
    select.value = usable.some((p) => p.id === chosen) ? chosen : '';
  }

  function profileName(id) {
    const p = (state.profiles || []).find((x) => x.id === id);
    return p ? `${p.name || p.organization?.legalName} (${id})` : id;
  }

  function lockOrganization(locked) {
    for (const input of document.querySelectorAll('#act-org [data-org]')) {
      if (input.tagName === 'SELECT') input.disabled = locked; else input.readOnly = locked;
    }
    $('#act-org').dataset.locked = String(locked);
  }

  function chooseProfile() {
    const profile = (state.profiles || []).find((p) => p.id === $('#act-profile').value);
    if (!profile) {
      lockOrganization(false);
      $('#act-save-profile-row').hidden = state.profilesAvailable !== true;
      return;
    }
    for (const input of document.querySelectorAll('#act-org [data-org]')) {
      const v = input.dataset.org.split('.').reduce((at, k) => (at == null ? at : at[k]), profile.organization || {});
      input.value = v == null ? '' : String(v);
    }
    const contacts = profile.contacts || {};
    for (const role of ['admin', 'technical']) {
      for (const f of ['name', 'email', 'phone']) {
        const v = contacts[role] && contacts[role][f];
        if (v) $(`#act-${role}-${f}`).value = String(v);
      }
    }
    lockOrganization(true);
    $('#act-save-profile').checked = false;
    $('#act-save-profile-row').hidden = true;
  }

  // --- CaaS credentials: fetched only on request, shown only in the page (never stored) -------------------------
  function renderCaas(o) {
    const caas = productKind(o.product) === 'caas';
    $('#caas-section').hidden = !caas;
    if (!caas) return;
    if (state.caasFor !== o.orderId) clearCredentials();
    state.caasFor = o.orderId;
  }

  function clearCredentials() {
    const box = $('#caas-credentials');
    box.replaceChildren();
    box.hidden = true;
    const message = $('#caas-message');
    message.hidden = true;
    message.textContent = '';
    $('#caas-show').textContent = 'Show credentials';
    $('#caas-show').dataset.shown = 'false';
  }

  /** "Title. Detail" (or "Title: detail") of a problem document, as one line. */
  function problemText(p, fallback) {
    const title = (p && p.title) || fallback;
    if (!p || !p.detail) return title;
    return /[.!?]$/.test(title) ? `${title} ${p.detail}` : `${title}: ${p.detail}`;
  }

  function caasMessage(text, kind) {
    const message = $('#caas-message');
    message.textContent = text;
    message.dataset.kind = kind;
    message.hidden = false;
  }

  async function toggleCredentials() {
    if ($('#caas-show').dataset.shown === 'true') { clearCredentials(); return; }
    const id = state.selectedId;
    clearCredentials();
    try {
      const c = await api(`/api/orders/${encodeURIComponent(id)}/credentials`, { cache: 'no-store' });
      if (state.selectedId !== id) return;
      renderCredentials(c);
      loadDetail(id, true); // the read is on the timeline now
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return;
      if (e instanceof ApiError && e.status === 410) {
        const until = /\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?Z?/.exec(e.problem.detail || '');
        caasMessage(`Credentials gone on ${until ? fmtDate(until[0].replace(' ', 'T')) : 'the end of their delivery period'}; they cannot be regenerated.`, 'gone');
      } else if (e instanceof ApiError && e.status === 404) {
        caasMessage('Not yet minted: the certificate authority has not issued this subscription\'s credentials yet. Try again once the order is ACTIVE.', 'pending');
      } else {
        caasMessage(problemText(e.problem, 'Could not read the credentials'), 'error');
      }
    }
  }

  function renderCredentials(c) {
    const hmac = h('input', { id: 'caas-hmac', type: 'text', readonly: true, class: 'mono', autocomplete: 'off', spellcheck: 'false', 'data-testid': 'caas-hmac' });
    hmac.value = c.hmacKey || '';
    const copy = h('button', { type: 'button', class: 'btn', 'data-testid': 'caas-copy', 'aria-label': 'Copy the HMAC key' }, 'Copy');
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(hmac.value);
      } catch {
        hmac.select();
        document.execCommand('copy');
      }
      toast('HMAC key copied to the clipboard.');
    });
    const fact = (label, value, testid) => [h('dt', null, label), h('dd', { class: 'mono', 'data-testid': testid }, value || '')];
    const server = c.directoryUrl || '';
    const box = $('#caas-credentials');
    box.replaceChildren(
      h('dl', { class: 'facts' },
        ...fact('Key id', c.keyId, 'caas-key-id'),
        h('dt', null, h('label', { for: 'caas-hmac' }, 'HMAC key')), h('dd', { class: 'secret' }, hmac, copy),
        ...fact('Directory URL', server, 'caas-directory'),
        h('dt', null, 'Available until'), h('dd', { 'data-testid': 'caas-available-until' }, fmtDate(c.availableUntil)),
        ...fact('CA reference', c.caReference, 'caas-ca-reference')),
      h('p', { class: 'action-note' }, 'Configure your ACME client with them, for example certbot or lego:'),
      h('pre', { class: 'mono hint', 'data-testid': 'caas-hint' },
        `certbot register --server ${server} --eab-kid ${c.keyId} --eab-hmac-key ${c.hmacKey} --agree-tos -m you@example.com\n`
        + `lego --server ${server} --eab --kid ${c.keyId} --hmac ${c.hmacKey} --email you@example.com --accept-tos --domains example.com --http run`));
    box.hidden = false;
    $('#caas-show').textContent = 'Hide credentials';
    $('#caas-show').dataset.shown = 'true';
  }

  // One Idempotency-Key per renewal the user means: a double click, or clicking again after a network error, renews
  // once (a renewal is paid). The key is dropped once the host answered, so a later click is a new renewal.
  async function renewTerm() {
    const id = state.selectedId;
    const button = $('#caas-renew');
    if (button.dataset.renewFor !== id) {
      button.dataset.renewFor = id;
      button.dataset.idempotencyKey = crypto.randomUUID();
    }
    button.disabled = true;
    try {
      const result = await api(`/api/orders/${encodeURIComponent(id)}/renew`, { method: 'POST', body: {}, idempotencyKey: button.dataset.idempotencyKey });
      delete button.dataset.renewFor;
      caasMessage(`Renewal requested${result && result.detail ? `: ${result.detail}` : '.'}`, 'info');
      await refresh();
    } catch (e) {
      if (e instanceof ApiError && e.status !== 401) delete button.dataset.renewFor; // a definite answer; a network error keeps the key
      if (e instanceof ApiError && e.status === 401) return;
      const p = e instanceof ApiError ? e.problem : {};
      // No problem document at all: the host has no such route (yet).
      if (e instanceof ApiError && (e.status === 404 || e.status === 405) && !p.type) caasMessage('Renewing the term is not available on this host.', 'error');
      else caasMessage(problemText(p, 'The term could not be renewed'), 'error');
    } finally {
      button.disabled = false;
    }
  }

  // --- wiring ---------------------------------------------------------------------------------------
  document.addEventListener('DOMContentLoaded', () => {
    $('#api-key-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const key = $('#api-key').value.trim();
      if (!key) return;
      sessionStorage.setItem(KEY_STORAGE, key);
      $('#api-key-error').hidden = true;
      signIn();
    });
    $('#sign-out').addEventListener('click', () => signOut());
    $('#refresh').addEventListener('click', () => refresh());
    $('#search').addEventListener('input', (e) => { state.search = e.target.value; renderTable(); });
    $('#new-order').addEventListener('click', openNewOrder);
    $('#buy').addEventListener('click', openBuy);
    $('#buy-product').addEventListener('change', updateBuyRows);
    $('#buy-cancel').addEventListener('click', () => $('#buy-dialog').close());
    $('#buy-form').addEventListener('submit', submitBuy);
    $('#activate-form').addEventListener('submit', submitActivation);
    $('#act-dcv').addEventListener('change', updateApproverRow);
    $('#act-domains').addEventListener('input', updateApproverRow);
    $('#act-profile').addEventListener('change', chooseProfile);
    $('#caas-show').addEventListener('click', toggleCredentials);
    $('#caas-renew').addEventListener('click', renewTerm);
    $('#new-order-cancel').addEventListener('click', () => $('#new-order-dialog').close());
    $('#new-order-form').addEventListener('submit', submitNewOrder);
    const approverRow = () => {
      $('#approver-row').hidden = $('#order-dcv').value !== 'email';
      const first = splitNames($('#order-domains').value)[0];
      if (first) $('#order-approver').placeholder = `admin@${first.replace(/^\*\./, '').replace(/^www\./, '')}`;
    };
    $('#order-dcv').addEventListener('change', approverRow);
    $('#order-domains').addEventListener('input', approverRow);
    $('#detail-close').addEventListener('click', closeDetail);
    document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && !$('#new-order-dialog').open && !$('#buy-dialog').open) closeDetail(); });
    $('#cancel-form').addEventListener('submit', (e) => { e.preventDefault(); lifecycle('cancel', { reason: $('#cancel-reason').value.trim() || null }); });
    $('#revoke-form').addEventListener('submit', (e) => { e.preventDefault(); lifecycle('revoke', { reason: $('#revoke-reason').value }); });
    $('#reissue-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const addDomains = splitNames($('#reissue-domains').value);
      lifecycle('reissue', { addDomains, keyAlgorithm: $('#reissue-key').value || null });
    });
    $('#action-download').addEventListener('click', download);
    $('#action-install').addEventListener('click', () => lifecycle('install', {}));
    $('#resend-form').addEventListener('submit', (e) => { e.preventDefault(); lifecycle('resend-approval', {}); });
    const sandboxPath = (verb) => `/api/operator/orders/${encodeURIComponent(state.selectedId)}/sandbox-${verb}`;
    $('#sandbox-approve').addEventListener('click', () => {
      const step = $('#sandbox-step').value.trim();
      lifecycle('sandbox-approve', undefined, sandboxPath('approve') + (step ? `?step=${encodeURIComponent(step)}` : ''));
    });
    $('#sandbox-reject').addEventListener('click', () => lifecycle('sandbox-reject', { reason: $('#sandbox-reason').value.trim() || null }, sandboxPath('reject')));
    document.body.dataset.ready = 'true';
    if (sessionStorage.getItem(KEY_STORAGE)) signIn(); else signOut();
  });
})();
