namespace BanditServe.Api.Dashboard.Page;

public static partial class DashboardPage
{
    /// <summary>The page script: routing, polling the admin API, and the SVG charts.</summary>
    public const string Script = """
// BanditServe operator dashboard: plain SVG and vanilla JS, no build step, no third-party code.
// Data comes from the admin API (/v1/dashboard/..., /v1/surfaces/.../explanation) with the admin key
// the operator enters once; the key lives in sessionStorage, so it ends with the browser session.
'use strict';
(() => {
  const KEY_STORAGE = 'banditserve.adminKey';
  const REFRESH_MS = 2000;
  const main = document.getElementById('main');
  const status = document.getElementById('status');
  let skeletonFor = null;
  // The candidate table's length (the explanation API's ?top=) and the explanation that answered 404:
  // a missing event is not asked for again every 2 s (the server may search the decision log for it).
  let candidateTop = 50;
  let missingFor = null;

  const esc = (value) => String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const enc = encodeURIComponent;
  const num = (value, digits = 3) => (value == null ? '–' : Number(value).toFixed(digits));
  const rate = (value) => (value == null ? '–' : Number(value).toFixed(1));
  const share = (value) => (value == null ? '–' : (100 * value).toFixed(1) + ' %');
  const clock = (at) => new Date(at).toLocaleTimeString([], { hour12: false });

  async function api(path, init = {}) {
    const key = sessionStorage.getItem(KEY_STORAGE) ?? '';
    const response = await fetch(path, { ...init, headers: { 'X-Api-Key': key, Accept: 'application/json', ...(init.headers ?? {}) } });
    const body = (response.headers.get('content-type') ?? '').includes('json') ? await response.json() : null;
    if (response.status === 401) {
      sessionStorage.removeItem(KEY_STORAGE);
      showLogin('The server refused the key: enter an admin key.');
      throw new Error('unauthorized');
    }
    if (!response.ok) {
      const error = new Error(body?.detail ?? `HTTP ${response.status}`);
      error.status = response.status;
      throw error;
    }
    return body;
  }

  function showLogin(message) {
    skeletonFor = null;
    document.body.classList.add('signed-out');
    document.getElementById('login-message').textContent = message ?? '';
  }

  document.getElementById('login-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = document.getElementById('admin-key');
    if (input.value.trim() === '') return;
    sessionStorage.setItem(KEY_STORAGE, input.value.trim());
    input.value = '';
    document.body.classList.remove('signed-out');
    refresh();
  });

  document.getElementById('sign-out').addEventListener('click', () => {
    sessionStorage.removeItem(KEY_STORAGE);
    showLogin('Signed out.');
  });

  function route() {
    const parts = location.hash.replace(/^#\/?/, '').split('/').filter((p) => p !== '').map(decodeURIComponent);
    if (parts[0] === 'surfaces' && parts.length === 2) return { view: 'surface', surface: parts[1] };
    if (parts[0] === 'surfaces' && parts[2] === 'decisions' && parts.length === 4) return { view: 'explanation', surface: parts[1], eventId: parts[3] };
    return { view: 'overview' };
  }

  async function refresh() {
    if (!sessionStorage.getItem(KEY_STORAGE)) {
      showLogin();
      return;
    }
    document.body.classList.remove('signed-out');
    const current = route();
    const routeKey = JSON.stringify(current);
    try {
      if (skeletonFor !== routeKey) {
        main.innerHTML = skeleton(current);
        bindForms(current);
        skeletonFor = routeKey;
      }
      if (current.view === 'overview') await renderOverview(routeKey);
      else if (current.view === 'surface') await renderSurface(current.surface, routeKey);
      else if (missingFor === routeKey + '|' + candidateTop) return;
      else await renderExplanation(current.surface, current.eventId, routeKey);
      status.textContent = 'Updated ' + clock(Date.now());
      status.className = 'ok';
    } catch (error) {
      if (error.message !== 'unauthorized') {
        status.textContent = error.message;
        status.className = 'error';
        if (error.status === 404 && current.view === 'explanation' && skeletonFor === routeKey) {
          missingFor = routeKey + '|' + candidateTop;
          document.getElementById('explanation').innerHTML = `<p class="empty" id="explanation-missing">${esc(error.message)}</p>`;
          document.getElementById('ranking-section').hidden = true;
        }
      }
    }
  }

  function skeleton(current) {
    if (current.view === 'overview') {
      return `<h2>Surfaces</h2><div id="overview"></div>`;
    }
    const back = `<a href="#/">Surfaces</a>`;
    if (current.view === 'surface') {
      const s = esc(current.surface);
      return `<nav class="crumbs">${back} / <span>${s}</span></nav>
        <h2 id="surface-title">${s}</h2>
        <div id="summary" class="cards"></div>
        <section><h3>Reward rate over time</h3><div id="rates"></div></section>
        <section><h3>Mean reward over time</h3><div id="means"></div></section>
        <section><h3>Top items by mean reward</h3>
          <p class="hint">Bars: mean reward as the items API reports it. Whiskers: ± the item's uncertainty
          (Diag-LinUCB width for a unit context spread over all coordinates; the UCB term on recovering surfaces).</p>
          <div id="top-items"></div></section>
        <section><h3>Fresh items still exploring</h3><div id="fresh"></div></section>
        <section id="schedule-section"><h3>Schedule</h3><div id="schedule"></div></section>
        <section><h3>Offline evaluations</h3><div id="evaluations"></div>
          <form id="evaluation-form" class="inline-form">
            <label>Upload an <code>evaluate</code> JSON report <input type="file" id="evaluation-file" accept="application/json,.json"></label>
            <label>Label <input type="text" id="evaluation-label" maxlength="128" placeholder="candidate policy"></label>
            <button type="submit">Upload</button><span id="evaluation-result"></span>
          </form></section>
        <section><h3>Recent decisions</h3>
          <form id="lookup-form" class="inline-form"><label>Explain event <input type="text" id="event-id" placeholder="eventId"></label><button type="submit">Explain</button></form>
          <div id="decisions"></div></section>`;
    }
    return `<nav class="crumbs">${back} / <a href="#/surfaces/${enc(current.surface)}">${esc(current.surface)}</a> / <span>decision</span></nav>
      <h2>Decision <code id="explanation-event">${esc(current.eventId)}</code></h2>
      <div id="explanation"></div>
      <section id="ranking-section" hidden><h3>Candidates by score</h3>
        <form id="candidate-top-form" class="inline-form"><label>Candidates listed (the best by score; placed items always)
          <input type="number" id="candidate-top" min="1" max="1000" value="${candidateTop}"></label><button type="submit">Show</button></form>
        <div id="ranking"></div></section>`;
  }

  function bindForms(current) {
    if (current.view === 'explanation') {
      document.getElementById('candidate-top-form').addEventListener('submit', (event) => {
        event.preventDefault();
        const top = Number(document.getElementById('candidate-top').value);
        if (Number.isInteger(top) && top >= 1 && top <= 1000) {
          candidateTop = top;
          refresh();
        }
      });
    }
    if (current.view !== 'surface') return;
    document.getElementById('lookup-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const eventId = document.getElementById('event-id').value.trim();
      if (eventId) location.hash = `#/surfaces/${enc(current.surface)}/decisions/${enc(eventId)}`;
    });
    document.getElementById('evaluation-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      const result = document.getElementById('evaluation-result');
      const file = document.getElementById('evaluation-file').files[0];
      if (!file) { result.textContent = 'Choose a report file first.'; return; }
      const label = document.getElementById('evaluation-label').value.trim();
      try {
        await api(`/v1/dashboard/surfaces/${enc(current.surface)}/evaluations${label ? '?label=' + enc(label) : ''}`,
          { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: await file.text() });
        result.textContent = 'Uploaded.';
        await refresh();
      } catch (error) {
        result.textContent = error.message;
      }
    });
  }

  async function renderOverview(routeKey) {
    const data = await api('/v1/dashboard/surfaces');
    if (skeletonFor !== routeKey) return; // the operator navigated away meanwhile
    const lag = data.consumerLag ?? '–';
    const rows = data.surfaces.map((s) => `
      <tr data-surface="${esc(s.surface)}">
        <td class="surface"><a href="#/surfaces/${enc(s.surface)}">${esc(s.surface)}</a></td>
        <td class="policy">${esc(s.policy)}</td>
        <td class="items num">${s.itemCount}</td>
        <td class="decisions-rate num">${rate(s.decisionsPerSecond)}</td>
        <td class="rewards-rate num">${rate(s.rewardsPerSecond)}</td>
        <td class="mean-reward num">${num(s.meanReward)}</td>
        <td class="exploration">${explorationGauge(s.explorationShare, s.configuredEpsilon)}</td>
        <td class="consumer-lag num">${lag}</td>
        <td class="model-version num">${s.modelVersion}</td>
      </tr>`).join('');
    document.getElementById('overview').innerHTML = `
      <p class="meta">Stream consumer: <span id="consumer-state">${data.consumerReady ? 'ready' : 'not ready'}</span>,
        lag <span id="consumer-lag">${lag}</span> messages (one consumer reads every surface's events).</p>
      ${data.surfaces.length === 0 ? '<p class="empty">No surfaces yet: create one with PUT /v1/surfaces/{surface}.</p>' : `
      <table id="surfaces"><thead><tr><th>Surface</th><th>Policy</th><th>Items</th><th>Decisions/s</th><th>Rewards/s</th>
        <th>Mean reward</th><th>Exploration (actual / configured)</th><th>Consumer lag</th><th>Model version</th></tr></thead>
        <tbody>${rows}</tbody></table>`}`;
  }

  function explorationGauge(actual, configured) {
    const max = Math.max(0.05, 2 * configured, actual ?? 0);
    const w = 120;
    const x = (v) => (w * v) / max;
    return `<svg class="gauge" viewBox="0 0 ${w} 14" width="${w}" height="14" data-actual="${actual ?? ''}" data-configured="${configured}">
      <rect class="track" x="0" y="3" width="${w}" height="8"></rect>
      ${actual == null ? '' : `<rect class="actual" x="0" y="3" width="${x(actual).toFixed(1)}" height="8"></rect>`}
      <line class="configured" x1="${x(configured).toFixed(1)}" x2="${x(configured).toFixed(1)}" y1="0" y2="14"></line></svg>
      <span class="gauge-text">${share(actual)} / ${share(configured)}</span>`;
  }

  async function renderSurface(surface, routeKey) {
    const d = await api(`/v1/dashboard/surfaces/${enc(surface)}?top=10`);
    if (skeletonFor !== routeKey) return;
    const s = d.summary;
    const card = (id, label, value, title = '') => `<div class="card" id="card-${id}" title="${esc(title)}"><span class="label">${label}</span><span class="value">${value}</span></div>`;
    document.getElementById('summary').innerHTML = [
      card('policy', 'Policy', esc(s.policy)),
      card('items', 'Items', s.itemCount),
      card('model-version', 'Model version', s.modelVersion),
      card('decisions-rate', 'Decisions/s', rate(s.decisionsPerSecond)),
      card('rewards-rate', 'Rewards/s', rate(s.rewardsPerSecond)),
      card('mean-reward', 'Mean reward', num(s.meanReward), 'Mean of the rewards learned since this server process started'),
      card('exploration', 'Exploration actual / configured', `${share(s.explorationShare)} / ${share(s.configuredEpsilon)}`),
      card('consumer-lag', 'Consumer lag', d.consumerLag ?? '–'),
    ].join('');
    document.getElementById('rates').innerHTML = lineChart('chart-reward-rate', d.series, [
      { key: 'rewardsPerSecond', label: 'rewards/s', cls: 'series-rewards' },
      { key: 'decisionsPerSecond', label: 'decisions/s', cls: 'series-decisions' },
    ]);
    document.getElementById('means').innerHTML = lineChart('chart-mean-reward', d.series, [
      { key: 'meanReward', label: 'mean reward per interval', cls: 'series-mean' },
      { key: 'explorationShare', label: 'exploration share', cls: 'series-exploration' },
    ]);
    document.getElementById('top-items').innerHTML = topItemsChart(d.topItems);
    document.getElementById('fresh').innerHTML = freshTable(d.freshItems, d.freshBelow);
    document.getElementById('schedule-section').hidden = !d.schedule;
    document.getElementById('schedule').innerHTML = d.schedule ? scheduleGrid(d.schedule) : '';
    document.getElementById('evaluations').innerHTML = d.evaluations.length === 0
      ? '<p class="empty" id="no-evaluations">No reports yet: upload the JSON of <code>banditserve-offline evaluate --surface …</code>.</p>'
      : d.evaluations.map(evaluationChart).join('');
    document.getElementById('decisions').innerHTML = d.recentDecisions.length === 0
      ? '<p class="empty">No decisions made by this server process yet.</p>'
      : `<table id="recent-decisions"><thead><tr><th>Event</th><th>At</th><th>Items</th><th>Explored slots</th><th>Rewards</th></tr></thead><tbody>
        ${d.recentDecisions.map((r) => `<tr data-event-id="${esc(r.eventId)}">
          <td><a href="#/surfaces/${enc(surface)}/decisions/${enc(r.eventId)}">${esc(r.eventId)}</a></td><td>${clock(r.at)}</td>
          <td>${r.itemIds.map(esc).join(', ')}</td><td class="num">${r.exploredSlots}</td><td class="num">${r.rewards}</td></tr>`).join('')}
        </tbody></table>`;
  }

  function niceMax(value) {
    if (!(value > 0)) return 1;
    const magnitude = 10 ** Math.floor(Math.log10(value));
    for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
    return 10 * magnitude;
  }

  function lineChart(id, points, series) {
    const W = 720, H = 220, L = 56, R = 16, T = 14, B = 40;
    if (points.length === 0) {
      return `<svg id="${id}" class="chart" viewBox="0 0 ${W} 60" data-points="0"><text class="empty" x="${L}" y="34">Collecting samples…</text></svg>`;
    }
    const t0 = Date.parse(points[0].at);
    const span = Math.max(Date.parse(points[points.length - 1].at) - t0, 1);
    const values = series.flatMap((s) => points.map((p) => p[s.key])).filter((v) => v != null);
    const low = Math.min(0, ...values);
    const high = niceMax(Math.max(...values, 0));
    const x = (at) => L + ((Date.parse(at) - t0) / span) * (W - L - R);
    const y = (v) => T + (1 - (v - low) / (high - low || 1)) * (H - T - B);
    const grid = [low, (low + high) / 2, high].map((v) =>
      `<line class="grid" x1="${L}" x2="${W - R}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"></line>
       <text class="axis" x="${L - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${+v.toPrecision(3)}</text>`).join('');
    const paths = series.map((s) => {
      let d = '';
      let pen = 'M';
      let last = null;
      for (const p of points) {
        const v = p[s.key];
        if (v == null) { pen = 'M'; continue; }
        d += `${pen}${x(p.at).toFixed(1)},${y(v).toFixed(1)} `;
        pen = 'L';
        last = v;
      }
      return `<path class="line ${s.cls}" data-series="${s.key}" data-last="${last ?? ''}" d="${d.trim()}"></path>`;
    }).join('');
    const legend = series.map((s, i) =>
      `<g transform="translate(${L + i * 200},${H - 10})"><rect class="swatch ${s.cls}" width="12" height="4" y="-4"></rect><text class="axis" x="16" y="0">${esc(s.label)}</text></g>`).join('');
    return `<svg id="${id}" class="chart" viewBox="0 0 ${W} ${H}" data-points="${points.length}">
      ${grid}${paths}
      <text class="axis" x="${L}" y="${H - 24}">${clock(points[0].at)}</text>
      <text class="axis" x="${W - R}" y="${H - 24}" text-anchor="end">${clock(points[points.length - 1].at)}</text>
      ${legend}</svg>`;
  }

  function topItemsChart(items) {
    if (items.length === 0) return '<p class="empty">No active items.</p>';
    const W = 720, L = 150, R = 150, T = 8, row = 24;
    const H = T + items.length * row + 8;
    const ends = items.flatMap((i) => [i.meanReward - (i.uncertainty ?? 0), i.meanReward + (i.uncertainty ?? 0)]);
    const low = Math.min(0, ...ends);
    const high = Math.max(...ends, 0) || 1;
    const x = (v) => L + ((v - low) / (high - low || 1)) * (W - L - R);
    const bars = items.map((item, k) => {
      const top = T + k * row;
      const mid = top + row / 2;
      const from = Math.min(x(0), x(item.meanReward));
      const width = Math.abs(x(item.meanReward) - x(0));
      const u = item.uncertainty;
      const whisker = u == null ? '' : `<line class="whisker" x1="${x(item.meanReward - u).toFixed(1)}" x2="${x(item.meanReward + u).toFixed(1)}" y1="${mid}" y2="${mid}"></line>
        <line class="whisker" x1="${x(item.meanReward - u).toFixed(1)}" x2="${x(item.meanReward - u).toFixed(1)}" y1="${mid - 5}" y2="${mid + 5}"></line>
        <line class="whisker" x1="${x(item.meanReward + u).toFixed(1)}" x2="${x(item.meanReward + u).toFixed(1)}" y1="${mid - 5}" y2="${mid + 5}"></line>`;
      return `<g class="item-bar" data-item-id="${esc(item.itemId)}" data-mean="${item.meanReward}" data-uncertainty="${u ?? ''}" data-rewards="${item.rewardsApplied}">
        <text class="label" x="${L - 8}" y="${mid + 4}" text-anchor="end">${esc(item.itemId)}</text>
        <rect class="bar" x="${from.toFixed(1)}" y="${top + 4}" width="${Math.max(width, 1).toFixed(1)}" height="${row - 8}"></rect>
        ${whisker}
        <text class="value" x="${W - R + 8}" y="${mid + 4}">${num(item.meanReward)}${u == null ? '' : ' ± ' + num(u)} (n=${item.rewardsApplied})</text></g>`;
    }).join('');
    return `<svg id="chart-top-items" class="chart" viewBox="0 0 ${W} ${H}" data-items="${items.length}">
      <line class="zero" x1="${x(0).toFixed(1)}" x2="${x(0).toFixed(1)}" y1="${T}" y2="${H - 8}"></line>${bars}</svg>`;
  }

  function freshTable(items, below) {
    if (items.length === 0) return `<p class="empty" id="no-fresh-items">Every active item has learned at least ${below} rewards.</p>`;
    return `<p class="hint">Active items with fewer than ${below} learned rewards: their uncertainty is still wide, so UCB keeps trying them.</p>
      <table id="fresh-items"><thead><tr><th>Item</th><th>Impressions</th><th>Rewards learned</th><th>Uncertainty left</th></tr></thead><tbody>
      ${items.map((i) => `<tr data-item-id="${esc(i.itemId)}"><td>${esc(i.itemId)}</td><td class="num">${i.impressions}</td><td class="num">${i.rewardsApplied}</td>
        <td>${i.uncertaintyShare == null ? num(i.uncertainty) : `<svg class="gauge" viewBox="0 0 100 10" width="100" height="10"><rect class="track" width="100" height="10"></rect><rect class="actual" width="${(100 * Math.min(1, i.uncertaintyShare)).toFixed(1)}" height="10"></rect></svg> ${share(i.uncertaintyShare)}`}</td></tr>`).join('')}
      </tbody></table>`;
  }

  function scheduleGrid(schedule) {
    const cell = 22, L = 150, T = 40;
    const W = L + schedule.periods.length * cell + 8;
    const H = T + schedule.rows.length * cell + 8;
    const header = schedule.periods.map((p, k) =>
      `<text class="axis${p === schedule.currentPeriod ? ' current' : ''}" x="${L + k * cell + cell / 2}" y="${T - 8}" text-anchor="middle">${k === 0 ? 'now' : '+' + k}</text>`).join('');
    const rows = schedule.rows.map((r, j) => `<g class="schedule-row" data-item-id="${esc(r.itemId)}">
      <text class="label" x="${L - 8}" y="${T + j * cell + 15}" text-anchor="end">${esc(r.itemId)}</text>
      ${r.featured.map((f, k) => `<rect class="${f ? 'featured' : 'idle'}" data-period="${schedule.periods[k]}" x="${L + k * cell + 1}" y="${T + j * cell + 1}" width="${cell - 2}" height="${cell - 2}"></rect>`).join('')}
      </g>`).join('');
    return `<p class="meta">Period ${schedule.currentPeriod} now, ${schedule.periodSeconds} s each, plan version ${schedule.planVersion}. Filled cells: featured.</p>
      <svg id="schedule-grid" class="chart" viewBox="0 0 ${W} ${H}" width="${W}" data-periods="${schedule.periods.length}" data-rows="${schedule.rows.length}">${header}${rows}</svg>`;
  }

  function evaluationChart(report) {
    const W = 720, L = 110, R = 190, T = 10, row = 26;
    const H = T + report.estimates.length * row + 24;
    const ends = report.estimates.flatMap((e) => [e.value, e.ciLow, e.ciHigh]).concat(report.loggedMeanReward ?? []).filter((v) => v != null);
    let low = Math.min(...ends), high = Math.max(...ends);
    const pad = (high - low) * 0.1 || Math.abs(high) * 0.1 || 0.1;
    low -= pad; high += pad;
    const x = (v) => L + ((v - low) / (high - low)) * (W - L - R);
    const rows = report.estimates.map((e, k) => {
      const mid = T + k * row + row / 2;
      const ci = e.ciLow == null || e.ciHigh == null ? '' : `<line class="ci" x1="${x(e.ciLow).toFixed(1)}" x2="${x(e.ciHigh).toFixed(1)}" y1="${mid}" y2="${mid}"></line>`;
      return `<g class="estimate" data-estimator="${esc(e.estimator)}" data-value="${e.value}" data-ci-low="${e.ciLow ?? ''}" data-ci-high="${e.ciHigh ?? ''}">
        <text class="label" x="${L - 8}" y="${mid + 4}" text-anchor="end">${esc(e.estimator)}</text>${ci}
        <circle class="point" cx="${x(e.value).toFixed(1)}" cy="${mid}" r="4"></circle>
        <text class="value" x="${W - R + 8}" y="${mid + 4}">${num(e.value, 4)} [${num(e.ciLow, 4)}, ${num(e.ciHigh, 4)}]</text></g>`;
    }).join('');
    const logged = report.loggedMeanReward == null ? '' :
      `<line class="logged" x1="${x(report.loggedMeanReward).toFixed(1)}" x2="${x(report.loggedMeanReward).toFixed(1)}" y1="${T}" y2="${H - 20}"></line>
       <text class="axis" x="${x(report.loggedMeanReward).toFixed(1)}" y="${H - 6}" text-anchor="middle">logged ${num(report.loggedMeanReward, 4)}</text>`;
    const level = report.confidenceLevel == null ? '' : `${Math.round(report.confidenceLevel * 100)} % CIs, `;
    return `<figure class="evaluation" data-report-id="${esc(report.reportId)}">
      <figcaption><strong>${esc(report.label ?? 'evaluation')}</strong> · ${level}${report.rounds} rounds
        ${report.effectiveSampleSize == null ? '' : `· ESS ${num(report.effectiveSampleSize, 1)}`} · uploaded ${clock(report.receivedAt)}
        ${report.unreliable ? '<span class="warning">weights unreliable</span>' : ''}</figcaption>
      <svg class="chart evaluation-chart" viewBox="0 0 ${W} ${H}">${logged}${rows}</svg></figure>`;
  }

  async function renderExplanation(surface, eventId, routeKey) {
    const e = await api(`/v1/surfaces/${enc(surface)}/decisions/${enc(eventId)}/explanation?top=${candidateTop}`);
    if (skeletonFor !== routeKey) return;
    const c = e.candidates;
    const candidates = c == null ? 'not logged'
      : c.source === 'catalog' ? `all ${c.count} active items`
      : c.source === 'schedule' ? `the ${c.count} items scheduled for period ${e.period}`
      : `${c.count} requested: ${c.itemIds.map(esc).join(', ')}`;
    const W = 720, L = 150, R = 150, T = 8, row = 26;
    const items = e.items;
    const H = T + items.length * row + 8;
    const ends = items.flatMap((i) => [i.mean ?? 0, (i.mean ?? 0) + (i.explorationBonus ?? 0), i.score]);
    const low = Math.min(0, ...ends), high = Math.max(0, ...ends) || 1;
    const x = (v) => L + ((v - low) / (high - low || 1)) * (W - L - R);
    const bars = items.map((i, k) => {
      const top = T + k * row;
      const mean = i.mean ?? i.score;
      const bonus = i.explorationBonus ?? 0;
      return `<g class="explained-item" data-item-id="${esc(i.itemId)}" data-slot="${i.slot}" data-explored="${i.explored}">
        <text class="label" x="${L - 8}" y="${top + 17}" text-anchor="end">${i.slot}: ${esc(i.itemId)}</text>
        <rect class="bar mean" x="${Math.min(x(0), x(mean)).toFixed(1)}" y="${top + 4}" width="${Math.max(1, Math.abs(x(mean) - x(0))).toFixed(1)}" height="${row - 8}"></rect>
        ${bonus > 0 ? `<rect class="bar bonus" x="${x(mean).toFixed(1)}" y="${top + 4}" width="${(x(mean + bonus) - x(mean)).toFixed(1)}" height="${row - 8}"></rect>` : ''}
        <text class="value" x="${W - R + 8}" y="${top + 17}">${i.explored ? 'explored (ε) · ' : ''}score ${num(i.score)}</text></g>`;
    }).join('');
    const rewards = e.rewards.length === 0 ? '<p class="empty" id="no-rewards">No reward joined yet.</p>'
      : `<table id="explanation-rewards"><thead><tr><th>Item</th><th>Reward</th><th>Kind</th><th>At</th></tr></thead><tbody>
        ${e.rewards.map((r) => `<tr data-item-id="${esc(r.itemId)}"><td>${esc(r.itemId)}</td><td class="num reward">${r.reward}</td>
          <td>${r.isDefaultReward ? 'default (window closed)' : 'observed'}</td><td>${clock(r.at)}</td></tr>`).join('')}</tbody></table>`;
    const notes = e.notes.length === 0 ? '' : `<ul id="explanation-notes" class="hint">${e.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`;
    document.getElementById('explanation').innerHTML = `
      <p class="meta">${esc(e.policy)} · model version <span id="explanation-model-version">${e.modelVersion}</span> · ${new Date(e.at).toISOString()}
        ${e.alpha == null ? '' : `· α = ${e.alpha}`} · ε = ${e.epsilon} · candidates: <span id="explanation-candidates">${candidates}</span>
        ${c?.unknown ? `· unknown: ${c.unknown.map(esc).join(', ')}` : ''} ${c?.excluded ? `· excluded: ${c.excluded.map(esc).join(', ')}` : ''}
        · from <span id="explanation-source">${e.source === 'decisionLog' ? 'the decision log' : 'memory'}</span></p>
      ${notes}
      <p class="hint">Score = mean + α·uncertainty (solid: mean, light: exploration bonus). Explored slots were filled by a uniformly random pick.
        Explored slots: <span id="explored-slots">${e.exploredSlots.length === 0 ? 'none' : e.exploredSlots.join(', ')}</span>.</p>
      <svg id="chart-explanation" class="chart" viewBox="0 0 ${W} ${H}"><line class="zero" x1="${x(0).toFixed(1)}" x2="${x(0).toFixed(1)}" y1="${T}" y2="${H - 8}"></line>${bars}</svg>
      <table id="explanation-items"><thead><tr><th>Slot</th><th>Item</th><th>Mean</th><th>Uncertainty</th><th>α·uncertainty</th><th>Score</th><th>Propensity</th><th>Explored</th></tr></thead><tbody>
      ${items.map((i) => `<tr data-slot="${i.slot}" data-item-id="${esc(i.itemId)}"><td class="num">${i.slot}</td><td>${esc(i.itemId)}</td>
        <td class="num mean" data-value="${i.mean ?? ''}">${num(i.mean, 4)}</td><td class="num uncertainty" data-value="${i.uncertainty ?? ''}">${num(i.uncertainty, 4)}</td>
        <td class="num">${num(i.explorationBonus, 4)}</td><td class="num score" data-value="${i.score}">${num(i.score, 4)}</td>
        <td class="num propensity" data-value="${i.propensity}">${num(i.propensity, 4)}</td><td class="explored">${i.explored ? 'yes' : 'no'}</td></tr>`).join('')}
      </tbody></table>
      <h3>Joined rewards</h3>${rewards}`;
    document.getElementById('ranking').innerHTML = ranking(e);
    document.getElementById('ranking-section').hidden = e.ranking == null;
  }

  // Every candidate by score (the best `top`, then placed items ranked below them), scored by the server with the live model.
  function ranking(e) {
    const r = e.ranking;
    if (r == null) return '';
    const shown = r.candidates.filter((c) => c.rank != null && c.rank <= r.top).length;
    const terms = r.termsMatchDecision
      ? `model version <span id="ranking-model-version">${r.termsModelVersion}</span>, the decision's own`
      : `model version <span id="ranking-model-version">${r.termsModelVersion}</span>, recomputed now; the decision used ${e.modelVersion}`;
    const set = r.candidateSet === 'request' ? 'the request\'s candidates' : 'the active catalog';
    return `<p class="meta" id="ranking-summary">Best <span id="ranking-shown">${shown}</span> of <span id="ranking-total">${r.total}</span> candidates (${set}${r.candidateSetKnown ? '' : ', stand-in'})
        · terms from ${terms} · α = ${r.alpha}</p>
      <table id="candidate-ranking" data-terms-model-version="${r.termsModelVersion}" data-terms-recomputed="${r.termsRecomputed}">
      <thead><tr><th>Rank</th><th>Item</th><th>Mean</th><th>Uncertainty</th><th>α·uncertainty</th><th>Score</th><th>Slot</th><th>Explored</th><th>Score at decision</th></tr></thead><tbody>
      ${r.candidates.map((c) => `<tr data-item-id="${esc(c.itemId)}" data-rank="${c.rank ?? ''}" class="${c.slot == null ? '' : 'placed'}${c.explored ? ' explored' : ''}">
        <td class="num rank">${c.rank ?? '–'}</td><td>${esc(c.itemId)}</td>
        <td class="num mean" data-value="${c.mean ?? ''}">${num(c.mean, 4)}</td><td class="num uncertainty" data-value="${c.uncertainty ?? ''}">${num(c.uncertainty, 4)}</td>
        <td class="num bonus" data-value="${c.explorationBonus ?? ''}">${num(c.explorationBonus, 4)}</td><td class="num score" data-value="${c.score ?? ''}">${num(c.score, 4)}</td>
        <td class="num slot">${c.slot ?? ''}</td><td class="explored">${c.slot == null ? '' : c.explored ? 'yes (ε)' : 'no'}</td>
        <td class="num decision-score" data-value="${c.decisionScore ?? ''}">${c.decisionScore == null ? '' : num(c.decisionScore, 4)}</td></tr>`).join('')}
      </tbody></table>`;
  }

  window.addEventListener('hashchange', refresh);
  refresh();
  setInterval(refresh, REFRESH_MS);
})();
""";
}
