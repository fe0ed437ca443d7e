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

  const state = { orders: [], statusFilter: 'all', search: '', selectedId: null, selected: null, timer: null, loading: false, capabilities: {} };
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
    const response = await fetch(API_BASE + path, { method: options.method || 'GET', headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
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

  const dcvName = (m) => ({ Http01: 'HTTP file (http-01)', Dns01: 'DNS record (dns-01)', Email: 'Email to a constructed address' }[m] || m || '');

  // What the order is waiting for, in an operator's words.
  function waitingFor(o) {
    const names = (o.domains || []).join(', ');
    switch (o.status) {
      case 'PENDING ACTIVATION': return { kind: 'wait', text: 'Waiting to be submitted to the certificate authority (key pair and CSR are made in the vault first).' };
      case 'ACTIVATION IN PROGRESS': {
        const sub = shortSubStatus(o.subStatus);
        const validatingControl = sub === 'Domain control validation' || sub === 'Email control validation';
        if (validatingControl && o.dcvMethod === 'Email') return { kind: 'wait', text: `Waiting for the approver to answer the validation email for ${names} (resend it below if it was lost).` };
        if (sub === 'Domain control validation') return { kind: 'wait', text: `Waiting for domain control validation by ${dcvName(o.dcvMethod)} of ${names}.` };
        if (sub) return { kind: 'wait', text: `Waiting for the certificate authority: ${sub.toLowerCase()}.` };
        return { kind: 'wait', text: 'Waiting for the certificate authority to issue the certificate.' };
      }
      case 'ACTIVE': return { kind: 'done', text: o.notAfter ? `Issued. Valid until ${fmtDate(o.notAfter, false)} (${daysLeft(o.notAfter)} days); renewal is scheduled before then.` : 'Issued.' };
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
    if (state.loading || document.body.dataset.state !== 'signed-in') return;
    state.loading = true;
    try {
      state.orders = await loadAllOrders();
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
      state.loading = false;
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
    const hay = [o.orderId, o.caReference, o.status, o.subStatus, o.product, ...(o.domains || [])].filter(Boolean).join(' ').toLowerCase();
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
        'data-order-id': o.orderId, 'data-status': o.status, tabindex: '0', 'aria-selected': String(o.orderId === state.selectedId),
        onclick: () => openOrder(o.orderId), onkeydown: (e) => { if (e.key === 'Enter') openOrder(o.orderId); },
      },
      h('td', null, h('span', { class: 'domain' }, domains[0] || ''), domains.length > 1 ? h('span', { class: 'more' }, `+${domains.length - 1}`) : null,
        h('div', { class: 'sub mono' }, o.orderId)),
      h('td', { class: 'mono', 'data-field': 'caReference' }, o.caReference || h('span', { class: 'muted' }, '—')),
      h('td', { 'data-field': 'status' }, badge(o.status)),
      h('td', { class: 'sub', title: o.subStatus || '', 'data-field': 'subStatus' }, shortSubStatus(o.subStatus)),
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
    state.selectedId = id;
    $('#action-errors').hidden = true;
    for (const d of document.querySelectorAll('#order-detail details')) d.open = false;
    for (const tr of document.querySelectorAll('#orders-body tr')) tr.setAttribute('aria-selected', String(tr.dataset.orderId === id));
    $('#order-detail').hidden = false;
    document.body.dataset.detail = 'open';
    await loadDetail(id, false);
  }

  function closeDetail() {
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
      ...fact('Product', o.product),
      ...fact('DCV method', dcvName(o.dcvMethod)),
      ...fact('CA reference', o.caReference, true),
      ...fact('Serial number', o.serialNumber, true),
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
    for (const el of dialog.querySelectorAll('.invalid')) el.classList.remove('invalid');
    dialog.showModal();
    $('#order-domains').focus();
  }

  async function submitNewOrder(event) {
    event.preventDefault();
    const form = $('#new-order-form');
    const errors = $('#new-order-errors');
    errors.hidden = true;
    for (const el of form.querySelectorAll('.invalid')) el.classList.remove('invalid');
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
      const p = renderProblem(errors, e);
      for (const field of Object.keys(p.errors || {})) {
        const name = field.replace(/\[\d+\]$/, '');
        const input = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
        if (input) input.classList.add('invalid');
      }
      if (!(e instanceof ApiError) || e.status !== 400) delete form.dataset.idempotencyKey;
    } finally {
      submit.disabled = false;
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
    document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && !$('#new-order-dialog').open) closeDetail(); });
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
