// The live page's poller: every 2 s it fetches live.json and writes the numbers and bars into the rows the server
// rendered. A file, not inline script: the dashboard's CSP (script-src 'self') runs nothing else. Text goes in with
// textContent, never innerHTML, so names from the database stay text.
(function () {
    "use strict";
    const root = document.getElementById("live");
    if (!root) return;
    const url = root.dataset.liveUrl;
    const interval = Number(root.dataset.pollMs) || 2000;
    const status = document.getElementById("live-status");
    const changed = document.getElementById("live-changed");

    // Widths come from script because the CSP forbids style attributes in the markup; the server writes data-percent.
    function setBar(bar, percent) {
        if (percent === null || percent === undefined) {
            bar.style.width = "0%";
            bar.parentElement.setAttribute("aria-valuenow", "0");
            return;
        }
        bar.style.width = percent + "%";
        bar.dataset.percent = String(percent);
        bar.parentElement.setAttribute("aria-valuenow", String(percent));
    }

    function setField(row, field, text) {
        const cell = row.querySelector('[data-field="' + field + '"]');
        if (cell && cell.textContent !== text) cell.textContent = text;
    }

    function update(row, item, fields) {
        for (const field of fields) setField(row, field, item[field] === null || item[field] === undefined ? "" : String(item[field]));
        const bar = row.querySelector(".progress-bar");
        if (bar) setBar(bar, item.percent);
        const verification = row.querySelector('[data-field="verification"]');
        // Mismatching rows are what keeps complete from running: red, as the server renders it.
        if (verification) verification.classList.toggle("text-danger", item.clean === false);
    }

    function apply(work) {
        const seen = new Set();
        const groups = [
            [work.backfills, ["state", "rows", "rate", "eta", "position", "error"]],
            [work.operations, ["phase", "verification"]],
            [work.rollouts, ["percentText", "users", "groups", "fullSince", "updatedBy"]],
        ];
        let unknown = false;
        for (const [items, fields] of groups) {
            for (const item of items) {
                seen.add(item.key);
                const row = root.querySelector('[data-live-key="' + CSS.escape(item.key) + '"]');
                if (row) update(row, item, fields); else unknown = true;
            }
        }
        for (const row of root.querySelectorAll("[data-live-key]")) if (!seen.has(row.dataset.liveKey)) unknown = true;
        // Work that started or went away changes the tables' shape: say so rather than guess at rows.
        changed.classList.toggle("d-none", !unknown);
    }

    async function poll() {
        try {
            const response = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" });
            if (!response.ok) throw new Error(response.status + " " + response.statusText);
            apply(await response.json());
            status.textContent = "updated " + new Date().toLocaleTimeString();
            status.classList.remove("text-danger");
        } catch (error) {
            status.textContent = "not updated: " + error.message;
            status.classList.add("text-danger");
        } finally {
            setTimeout(poll, interval);
        }
    }

    for (const bar of root.querySelectorAll(".progress-bar[data-percent]")) setBar(bar, Number(bar.dataset.percent));
    setTimeout(poll, interval);
})();
