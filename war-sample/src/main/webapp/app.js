// txmq demo page: sends the actions to the JAX-RS resources under api/ and redraws the tables from
// GET api/state every second. Plain browser JavaScript, no libraries. Data is written with
// textContent only: bodies and names come from users.
"use strict";

(function () {
    const POLL_MS = 1000;
    const SCENARIOS = {"none": 1, "second-send": 2, "computation": 3};
    let state = null;        // the last answer of GET api/state
    let stateText = "";      // the same, as text, to redraw only on change
    let mine = null;         // the correlation id of the last action: its rows are highlighted
    let polls = 0;

    const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);

    // ---- actions ------------------------------------------------------------------------------

    async function post(path, body) {
        const response = await fetch(path, {
            method: "POST",
            headers: {"Content-Type": "application/json", "Accept": "application/json, application/problem+json"},
            body: JSON.stringify(body)
        });
        const text = await response.text();
        let json;
        try {
            json = JSON.parse(text);
        } catch (e) {
            json = {title: "Not JSON", detail: text};
        }
        return {ok: response.ok, status: response.status, json: json};
    }

    /** Shows the answer to an action in last-result; on success, highlights the rows it causes. */
    function show(summary, answer, correlationId) {
        const result = byTestId("last-result");
        result.replaceChildren();
        result.dataset.status = String(answer.status);
        if (answer.ok) {
            mine = correlationId;
            result.dataset.outcome = "ok";
            result.dataset.correlationId = correlationId;
            result.append(line("strong", summary), line("span", "Highlighted below: the rows it caused."));
        } else {
            mine = null;
            result.dataset.outcome = "problem";
            delete result.dataset.correlationId;
            result.append(line("strong", `${answer.status} ${answer.json.title || "Error"}`),
                line("span", answer.json.detail || ""));
        }
        result.append(line("pre", JSON.stringify(answer.json, null, 2)));
        if (state) {
            render(state);
        }
    }

    function line(tag, text) {
        const element = document.createElement(tag);
        element.textContent = text;
        return element;
    }

    /** A form's input by name (form.name would be the form's own name, form.elements.item a method). */
    function field(form, name) {
        return form.elements.namedItem(name);
    }

    async function busy(button, action) {
        button.disabled = true;
        try {
            await action();
        } catch (e) {
            show("Request failed", {ok: false, status: 0, json: {title: "No answer", detail: String(e)}}, null);
        } finally {
            button.disabled = false;
        }
    }

    function placeOrder(event) {
        event.preventDefault();
        const form = event.target;
        busy(byTestId("place-order"), async () => {
            const item = field(form, "item").value.trim();
            const answer = await post("api/orders", {item: item === "" ? null : item, quantity: Number(field(form, "quantity").value)});
            show(`Order ${answer.json.orderId} placed: one row, three messages.`, answer, answer.json.orderId);
        });
    }

    function publishNews(event) {
        const button = event.currentTarget;
        const fail = button.dataset.fail;
        busy(button, async () => {
            const answer = await post("api/news", {fail: fail});
            show(`Scenario ${SCENARIOS[fail]}: news ${answer.json.messageId} published.`, answer, answer.json.messageId);
        });
    }

    function signUp(event) {
        event.preventDefault();
        const form = event.target;
        busy(byTestId("sign-up"), async () => {
            const answer = await post("api/signups", {
                name: field(form, "name").value, email: field(form, "email").value,
                pause: field(form, "pause").checked, sendFirst: field(form, "sendFirst").checked
            });
            show(`User ${answer.json.userId} signed up; the welcome e-mail follows the commit.`, answer, answer.json.userId);
        });
    }

    // ---- watching ----------------------------------------------------------------------------

    async function poll() {
        const status = byTestId("poll-status");
        try {
            const response = await fetch("api/state", {headers: {"Accept": "application/json"}, cache: "no-store"});
            const json = await response.json();
            if (!response.ok) {
                throw new Error(json.detail || `HTTP ${response.status}`);
            }
            polls += 1;
            status.dataset.polls = String(polls);
            status.className = "status live";
            status.textContent = `live, updated ${new Date().toLocaleTimeString()}`;
            const text = JSON.stringify(json);
            if (text !== stateText) {
                stateText = text;
                state = json;
                render(json);
            }
        } catch (e) {
            status.className = "status down";
            status.textContent = `cannot read api/state: ${e.message}`;
        } finally {
            setTimeout(poll, POLL_MS);
        }
    }

    function render(s) {
        fill("orders", "order-row", s.orders, (o) => ({id: o.id, correlationId: o.id}),
            [(o) => short(o.id), (o) => o.item, (o) => o.quantity, (o) => time(o.createdAt)]);
        fill("users", "user-row", s.users, (u) => ({id: u.id, correlationId: u.id}),
            [(u) => short(u.id), (u) => u.name, (u) => u.email, (u) => time(u.createdAt)]);
        fill("processed", "processed-row", s.processed,
            (p) => ({id: p.id, queue: p.queue, messageId: p.messageId, correlationId: p.correlationId}),
            [(p) => p.queue, (p) => short(p.messageId), (p) => short(p.correlationId), (p) => p.body, (p) => time(p.processedAt)]);
        fill("welcome-emails", "welcome-email-row", s.welcomeEmails,
            (w) => ({id: w.messageId, userId: w.userId, messageId: w.messageId, correlationId: w.userId, attempt: w.attempt}),
            [(w) => short(w.userId), (w) => w.email, (w) => w.attempt, (w) => time(w.sentAt)]);
        fill("dead-letters", "dead-letter-row", s.deadLetters,
            (d) => ({id: d.messageId, queue: d.queue, messageId: d.messageId, correlationId: d.correlationId}),
            [(d) => d.queue, (d) => short(d.messageId), failure, (d) => d.attempts, (d) => time(d.failedAt), (d) => d.body]);
        counts("processed-counts", s.processed);
        counts("dead-letter-counts", s.deadLetters);
    }

    /** Redraws the table of section {@code id}: one row per item, cells from {@code cells}, attributes from {@code data}. */
    function fill(id, rowId, items, data, cells) {
        const section = byTestId(id);
        const rows = items.map((item) => {
            const row = document.createElement("tr");
            row.dataset.testid = rowId;
            for (const [name, value] of Object.entries(data(item))) {
                if (value !== undefined && value !== null) {
                    row.dataset[name] = String(value);
                }
            }
            if (mine && row.dataset.correlationId === mine) {
                row.classList.add("mine");
            }
            for (const cell of cells) {
                const value = cell(item);
                const td = document.createElement("td");
                if (value instanceof Node) {
                    td.append(value);
                } else {
                    td.textContent = value === undefined || value === null ? "" : String(value);
                }
                row.append(td);
            }
            return row;
        });
        section.querySelector("tbody").replaceChildren(...rows);
        section.querySelector(".empty").hidden = rows.length > 0;
    }

    function counts(id, items) {
        const perQueue = new Map();
        for (const item of items) {
            perQueue.set(item.queue, (perQueue.get(item.queue) || 0) + 1);
        }
        const chips = [...perQueue.entries()].sort().map(([queue, count]) => {
            const chip = line("span", `${queue}: ${count}`);
            chip.className = "chip";
            chip.dataset.queue = queue;
            chip.dataset.count = String(count);
            return chip;
        });
        byTestId(id).replaceChildren(...chips);
    }

    function failure(d) {
        const cell = document.createElement("span");
        const exception = (d.failureException || "").split(".").pop();
        cell.append(line("strong", exception), line("span", d.failureReason || ""));
        cell.className = "failure";
        cell.title = `${d.failureException || ""} (from ${d.originalQueue || "?"})`;
        return cell;
    }

    /** The first 8 characters of an id, the whole id as a tooltip. */
    function short(id) {
        if (!id) {
            return "";
        }
        const span = line("span", id.length > 8 ? id.substring(0, 8) : id);
        span.title = id;
        span.className = "id";
        return span;
    }

    function time(instant) {
        return instant ? new Date(instant).toLocaleTimeString() : "";
    }

    document.getElementById("order-form").addEventListener("submit", placeOrder);
    document.getElementById("signup-form").addEventListener("submit", signUp);
    for (const id of ["scenario-1", "scenario-2", "scenario-3"]) {
        byTestId(id).addEventListener("click", publishNews);
    }
    poll();
})();
