// The console page: everything it shows and does goes through the JSON endpoints under api/.
'use strict';

const api = 'api/queues';
let deadQueue = null;
let pending = null; // the change waiting for confirmation after its dry run

async function call(method, path, body) {
    const options = { method, headers: { 'Accept': 'application/json' } };
    if (method !== 'GET') {
        options.headers['X-Txmq-Console'] = '1';
        options.headers['Content-Type'] = 'application/json';
        options.body = JSON.stringify(body || {});
    }
    // resolved against the page without any user:password@ of its URL, which fetch refuses to send
    const response = await fetch(new URL(path, location.origin + location.pathname), options);
    const answer = await response.json();
    if (!response.ok) {
        throw new Error(answer.detail || response.statusText);
    }
    return answer;
}

function cell(row, text, cls) {
    const td = row.insertCell();
    td.textContent = text;
    if (cls) td.className = cls;
    return td;
}

function age(iso) { // a Duration as JSON-B writes it, e.g. PT1M3.5S
    const m = /PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?/.exec(iso || '');
    if (!m) return iso || '';
    const seconds = (+(m[1] || 0)) * 3600 + (+(m[2] || 0)) * 60 + (+(m[3] || 0));
    return seconds < 120 ? Math.round(seconds) + ' s' : seconds < 7200 ? Math.round(seconds / 60) + ' min' : Math.round(seconds / 3600) + ' h';
}

async function refreshQueues() {
    try {
        const queues = await call('GET', api);
        const body = document.querySelector('#queues tbody');
        body.replaceChildren();
        for (const q of queues) {
            const row = body.insertRow();
            row.dataset.queue = q.queue;
            row.className = 'clickable';
            cell(row, q.queue);
            for (const value of [q.messages, q.delivering, q.scheduled, q.consumers, q.added, q.acknowledged]) cell(row, value);
            cell(row, q.messages > 0 ? age(q.oldestMessageAge) : '');
            cell(row, q.deadLetters);
            row.onclick = () => select(q.queue);
        }
        document.getElementById('status').textContent = 'updated ' + new Date().toLocaleTimeString();
    } catch (e) {
        document.getElementById('status').textContent = e.message;
    }
}

async function select(queue) {
    const dead = queue.startsWith('DLQ.');
    deadQueue = dead ? queue : null;
    document.getElementById('dead').hidden = !dead;
    document.getElementById('result').textContent = '';
    if (dead) await refreshFailures();
    await browse(queue);
}

async function refreshFailures() {
    document.getElementById('dead-queue').textContent = deadQueue;
    const failures = await call('GET', api + '/' + encodeURIComponent(deadQueue) + '/failures');
    const body = document.querySelector('#failures tbody');
    body.replaceChildren();
    const max = Math.max(1, ...Object.values(failures.byException));
    for (const [exception, count] of Object.entries(failures.byException)) {
        const row = body.insertRow();
        row.dataset.exception = exception;
        cell(row, exception);
        const bar = cell(row, count, 'count');
        bar.insertAdjacentHTML('afterbegin', `<span class="bar" style="width:${Math.round(120 * count / max)}px"></span>`);
        action(row, 'Replay', 'replay', { exception });
        action(row, 'Purge', 'purge', { exception });
    }
    const all = body.insertRow();
    all.dataset.exception = '';
    cell(all, 'all');
    cell(all, Object.values(failures.byException).reduce((a, b) => a + b, 0));
    action(all, 'Replay all', 'replay', {});
    action(all, 'Purge all', 'purge', {});
    const hours = document.querySelector('#hours tbody');
    hours.replaceChildren();
    for (const [hour, count] of Object.entries(failures.byHour)) {
        const row = hours.insertRow();
        cell(row, new Date(hour).toLocaleString());
        cell(row, count);
    }
}

function action(row, label, verb, selection) {
    const button = document.createElement('button');
    button.textContent = label;
    button.className = verb;
    button.onclick = () => dryRun(verb, selection);
    row.insertCell().appendChild(button);
}

async function dryRun(verb, selection) {
    const path = api + '/' + encodeURIComponent(deadQueue) + '/' + verb;
    const answer = await call('POST', path, { ...selection, dryRun: true });
    const count = verb === 'replay' ? answer.matched : answer.deleted;
    const capped = verb === 'replay' && answer.keptAtReplayCap > 0 ? ` (${answer.keptAtReplayCap} more stay: replayed too often already)` : '';
    document.getElementById('confirm-text').textContent =
        `${verb === 'replay' ? 'Replay' : 'Delete'} ${count} message(s) of ${deadQueue}${selection.exception ? ' that failed with ' + selection.exception : ''}?${capped}`;
    document.getElementById('confirm').hidden = false;
    pending = { verb, path, selection };
}

async function confirm() {
    const { verb, path, selection } = pending;
    pending = null;
    document.getElementById('confirm').hidden = true;
    const result = document.getElementById('result');
    try {
        const answer = await call('POST', path, selection);
        result.className = '';
        result.textContent = verb === 'replay' ? `Replayed ${answer.moved} message(s).` : `Deleted ${answer.deleted} message(s).`;
    } catch (e) {
        result.className = 'error';
        result.textContent = e.message;
    }
    await Promise.all([refreshFailures(), refreshQueues(), browse(deadQueue)]);
}

async function browse(queue) {
    document.getElementById('browse').hidden = false;
    document.getElementById('browse-queue').textContent = queue;
    document.getElementById('detail').hidden = true;
    const messages = await call('GET', api + '/' + encodeURIComponent(queue) + '/messages?limit=50');
    const body = document.querySelector('#messages tbody');
    body.replaceChildren();
    for (const m of messages) {
        const row = body.insertRow();
        row.className = 'clickable';
        row.dataset.id = m.id;
        cell(row, m.id);
        cell(row, new Date(m.sentAt).toLocaleString());
        cell(row, m.correlationId);
        cell(row, m.headers.txmqFailureReason || '');
        row.onclick = () => {
            const detail = document.getElementById('detail');
            detail.textContent = JSON.stringify(m.headers, null, 2) + '\n\n' + m.bodyText;
            detail.hidden = false;
        };
    }
}

document.getElementById('confirm-yes').onclick = confirm;
document.getElementById('confirm-no').onclick = () => { pending = null; document.getElementById('confirm').hidden = true; };
refreshQueues();
setInterval(refreshQueues, 3000);
