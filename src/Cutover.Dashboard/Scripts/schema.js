// The schema page's ER diagram: Mermaid (its browser build, embedded in the assembly like Bootstrap) draws the source
// the server wrote into <pre class="mermaid">. A file, not inline script: the dashboard's CSP runs nothing else.
// securityLevel 'strict': Mermaid sanitizes every label and allows no click handlers, because table and column names
// come from the database and anyone who can run DDL writes them.
(function () {
    "use strict";
    const source = document.getElementById("schema-erd");
    const target = document.getElementById("schema-diagram");
    const failure = document.getElementById("schema-diagram-error");
    if (!source || !target || !failure) return;

    // The page still lists every table; the reason goes in as text.
    function fail(reason) {
        failure.querySelector("[data-field=reason]").textContent = reason;
        failure.classList.remove("d-none");
        target.dataset.state = "failed";
    }

    if (typeof mermaid === "undefined") {
        fail("the Mermaid script did not load");
        return;
    }
    mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "default" });
    // textContent: the browser has already decoded Razor's HTML encoding, so this is the Mermaid source exactly.
    mermaid.render("schema-erd-svg", source.textContent)
        .then(function (result) {
            // Mermaid's own output, sanitized by it in strict mode; the source stays below it, folded.
            target.innerHTML = result.svg;
            target.dataset.state = "drawn";
        })
        .catch(function (error) {
            fail(error && error.message ? error.message : String(error));
        });
})();
