// Session-expiry warning: shows a notice shortly before the idle session ends.
(function () {
  "use strict";
  var body = document.body;
  var idle = parseInt(body.dataset.sessionIdle || "0", 10);
  var warn = parseInt(body.dataset.sessionWarning || "0", 10);
  var box = document.getElementById("session-warning");
  if (!idle || !box) { return; }
  var timer, expiry;
  function schedule() {
    clearTimeout(timer); clearTimeout(expiry);
    box.hidden = true;
    timer = setTimeout(function () { box.hidden = false; }, Math.max(0, (idle - warn)) * 1000);
    expiry = setTimeout(function () { window.location.reload(); }, (idle + 1) * 1000);
  }
  document.body.addEventListener("htmx:afterRequest", schedule);
  var stay = document.getElementById("session-stay");
  var pinged = Date.now();
  function ping() {
    pinged = Date.now();
    var token = document.querySelector("meta[name=csrf-token]").content;
    return fetch(stay.dataset.url, { method: "POST", headers: { "X-CSRFToken": token }, credentials: "same-origin" })
      .then(function (response) {
        // A session that has already ended (the computer slept past the idle time) is not brought back.
        if (response.ok && !response.redirected) { schedule(); } else { window.location.reload(); }
      });
  }
  if (stay) {
    stay.addEventListener("click", ping);
    // Typing into a form is being at the desk: it keeps the session (at most one ping a tenth of the idle time,
    // a minute at most), so the reload at the end of the idle time never drops a note being written.
    document.addEventListener("input", function () {
      if (Date.now() - pinged >= Math.min(60, idle / 10) * 1000) { ping(); }
    }, true);
  }
  schedule();
})();
document.addEventListener("DOMContentLoaded", function () {
  document.body.addEventListener("htmx:configRequest", function (evt) {
    var meta = document.querySelector("meta[name=csrf-token]");
    if (meta) { evt.detail.headers["X-CSRFToken"] = meta.content; }
  });
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (evt) { if (!window.confirm(el.dataset.confirm)) { evt.preventDefault(); } });
  });
});
// Menu dropdowns (<details class="dropdown">): only one open at a time; a click elsewhere closes them;
// Escape closes the open one and gives focus back to its button (WCAG 2.1.1, 2.4.3).
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  var menus = document.querySelectorAll("details.dropdown");
  function closeAll(except) {
    menus.forEach(function (d) { if (d !== except) { d.removeAttribute("open"); } });
  }
  menus.forEach(function (d) {
    d.addEventListener("toggle", function () { if (d.open) { closeAll(d); } });
  });
  document.addEventListener("click", function (evt) {
    if (!evt.target.closest("details.dropdown")) { closeAll(null); }
  });
  document.addEventListener("keydown", function (evt) {
    if (evt.key !== "Escape") { return; }
    var open = document.querySelector("details.dropdown[open]");
    if (!open) { return; }
    var returnFocus = open.contains(document.activeElement);
    closeAll(null);
    if (returnFocus) { open.querySelector("summary").focus(); }
  });
  // Small screens: the main menu folds behind the „Menu” button.
  var toggle = document.getElementById("menu-toggle");
  var menu = document.getElementById("site-menu");
  if (toggle && menu) {
    toggle.addEventListener("click", function () {
      var open = menu.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
});
// Wide tables scroll sideways inside their own box on a tablet instead of widening the whole page.
(function () {
  "use strict";
  // A box that scrolls must take keyboard focus (arrow keys scroll it) and say what it holds (WCAG 2.1.1).
  function labelBox(box) {
    if (box.hasAttribute("tabindex")) { return; }
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    if (box.hasAttribute("aria-label") || box.hasAttribute("aria-labelledby")) { return; }
    var caption = box.querySelector("caption");
    var heading = null;
    for (var el = box.previousElementSibling; el && !heading; el = el.previousElementSibling) {
      if (/^H[1-6]$/.test(el.tagName)) { heading = el; }
    }
    var label = (caption || heading || document.querySelector("main h1") || {}).textContent || document.title;
    box.setAttribute("aria-label", label.trim());
  }
  function wrapTables(root) {
    root.querySelectorAll("main table").forEach(function (table) {
      if (table.closest(".overflow-auto")) { return; }
      var box = document.createElement("div");
      box.className = "overflow-auto";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    });
    root.querySelectorAll("main .overflow-auto").forEach(labelBox);
  }
  document.addEventListener("DOMContentLoaded", function () {
    wrapTables(document);
    document.body.addEventListener("htmx:afterSettle", function () { wrapTables(document); });
  });
})();
// htmx swaps nothing for a 4xx answer; two of them explain themselves in the page's status region instead of
// nothing, and what is on the page stays as it is:
// - a session that has ended (integra.core.permissions.to_sign_in): 401, its message with the sign-in link;
// - a form token that has expired (integra.core.views.csrf_failure): 403, its Polish explanation (text only).
document.addEventListener("DOMContentLoaded", function () {
  function errorItem(content) {
    var item = document.createElement("li");
    item.className = "error";
    item.append(content);
    return item;
  }
  document.body.addEventListener("htmx:responseError", function (evt) {
    var xhr = evt.detail.xhr;
    var box = document.getElementById("messages");
    if (!box || !xhr) { return; }
    var signedOut = xhr.status === 401 && xhr.responseText.indexOf('id="signed-out"') >= 0;
    var csrf = xhr.status === 403 && xhr.responseText.indexOf('id="error-csrf"') >= 0;
    if (!signedOut && !csrf) { return; }
    var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
    var list = document.createElement("ul");
    list.className = "messages";
    if (signedOut) {
      list.appendChild(errorItem(document.importNode(page.getElementById("signed-out"), true)));
    } else {
      page.querySelectorAll("#error-csrf h1, #error-csrf p").forEach(function (el) {
        if (!el.querySelector("a")) { list.appendChild(errorItem(el.textContent)); }
      });
    }
    box.replaceChildren(list);
  });
});
// Person pickers (integra/people/picker.py): the people found follow the typing. The same request as the
// „Szukaj” button (the form sent with `_find`, nothing saved); only the list is swapped in. Enter searches.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".person-picker input[type=search]").forEach(function (input) {
    var timer;
    function search() {
      clearTimeout(timer);
      var form = input.form;
      var found = document.getElementById(input.dataset.found);
      if (!form || !found || !window.htmx) { return; }
      var values = {};
      values[input.dataset.find] = input.dataset.field;
      window.htmx.ajax("POST", form.getAttribute("action") || window.location.pathname, {
        source: form, values: values, target: "#" + found.id, select: "#" + found.id, swap: "outerHTML"
      });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 300); });
    input.addEventListener("keydown", function (evt) {
      if (evt.key === "Enter") { evt.preventDefault(); search(); }
    });
  });
});
