// Attendance screen: each mark is saved at once (htmx swaps the rows). The swap would drop the keyboard focus
// to the top of the page, so it is put back on the radio button just marked; the row shows its own „Zapisano”
// and a polite live region tells a screen-reader user what was saved (WCAG 2.4.3, 4.1.3).
// Without a connection (issue 27) a mark is kept on the device instead (offline.js) and the row says
// „zapisano na urządzeniu — wyślę po połączeniu”; the marks are sent when the connection is back.
(function () {
  "use strict";
  var lastMark = null;
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("attendance-form");
    var status = document.getElementById("attendance-status");
    if (!form || !status) { return; }
    var offline = window.IntegraOffline;
    form.addEventListener("change", function (evt) {
      if (evt.target.type === "radio") { lastMark = evt.target.id; }
    }, true);
    form.addEventListener("submit", function () { lastMark = null; });
    var focusedId = null;
    document.body.addEventListener("htmx:beforeSwap", function () {
      focusedId = document.activeElement ? document.activeElement.id : null;
    });
    document.body.addEventListener("htmx:afterSettle", function (evt) {
      var target = evt.detail.target || evt.target;
      if (target.id !== "attendance-body") { return; }
      if (!lastMark) { showQueued(); return; }
      var input = document.getElementById(lastMark);
      lastMark = null;
      if (!input) { return; }
      // Focus goes back where it was when the answer came (the marked radio, or the next row if the user
      // has moved on meanwhile), never to the top of the page.
      (document.getElementById(focusedId) || input).focus();
      if (document.getElementById("attendance-errors")) { status.textContent = ""; return; }
      var row = input.closest("tr");
      var name = row.querySelector("th").textContent.trim();
      var label = input.closest("label").textContent.trim();
      var saved = status.dataset.saved;
      row.querySelector(".row-saved").textContent = "✓ " + saved;
      status.textContent = saved + ": " + name + " – " + label;
    });
    if (!offline) { return; }

    // ---------------------------------------------------------------- marks kept on the device

    function markOf(input, statusValue) {
      var row = input.closest("tr");
      var chosen = statusValue ? document.getElementById("mark-" + row.dataset.participant + "-" + statusValue) : input;
      return {
        session: form.dataset.session,
        participant: row.dataset.participant,
        name: row.querySelector("th").textContent.trim(),
        sessionLabel: form.dataset.sessionLabel,
        status: chosen.value,
        statusLabel: chosen.closest("label").textContent.trim(),
        was: row.dataset.status || "",
        version: document.getElementById("attendance-version").value
      };
    }

    function keepOnDevice(input, statusValue) {
      var mark = markOf(input, statusValue);
      return offline.queue(mark).then(function () {
        var row = input.closest("tr");
        row.querySelector(".row-saved").textContent = mark.status === mark.was ? "" : form.dataset.queued;
        status.textContent = mark.name + " – " + mark.statusLabel + ": " + form.dataset.queued;
      });
    }

    // Marks waiting on the device are shown on the list they belong to (also on a copy served without a connection).
    function showQueued() {
      return offline.marksFor(form.dataset.session).then(function (marks) {
        marks.forEach(function (mark) {
          var input = document.getElementById("mark-" + mark.participant + "-" + mark.status);
          if (!input || mark.state !== "waiting") { return; }
          input.checked = true;
          input.closest("tr").querySelector(".row-saved").textContent = form.dataset.queued;
        });
      });
    }

    // The mark just made, kept on the device instead of sent.
    function keepLastMark() {
      var input = document.getElementById(lastMark);
      lastMark = null;
      return input ? keepOnDevice(input) : Promise.resolve();
    }
    // No connection: the mark is kept instead of being sent (htmx would fail); a send that fails keeps it too.
    document.body.addEventListener("htmx:beforeRequest", function (evt) {
      if (evt.detail.elt !== form || navigator.onLine || !lastMark) { return; }
      evt.preventDefault();
      keepLastMark();
    });
    // A mark sent after the session ended (401, integra.core.permissions.to_sign_in) is kept too: offline.js asks
    // the person to sign in again and sends it then.
    document.body.addEventListener("htmx:responseError", function (evt) {
      if (evt.detail.elt !== form || !lastMark || evt.detail.xhr.status !== 401) { return; }
      keepLastMark().then(function () { offline.sync(); });
    });
    document.body.addEventListener("htmx:sendError", function (evt) {
      if (evt.detail.elt !== form || !lastMark) { return; }
      keepLastMark();
    });

    // The two whole-list buttons without a connection: „save” has nothing left to do (every mark is kept as it is
    // made); „everyone present” gives „present” to the rows without a mark, each kept on the device.
    form.addEventListener("submit", function (evt) {
      if (navigator.onLine) { return; }
      evt.preventDefault();
      if (!evt.submitter || evt.submitter.name !== "all") {
        status.textContent = form.dataset.queued;
        return;
      }
      var rows = Array.prototype.slice.call(form.querySelectorAll("#attendance-table tbody tr[data-participant]"));
      rows.filter(function (row) { return !row.querySelector("input[type=radio]:checked"); })
        .reduce(function (previous, row) {
          var input = document.getElementById("mark-" + row.dataset.participant + "-" + evt.submitter.value);
          input.checked = true;
          return previous.then(function () { return keepOnDevice(input); });
        }, Promise.resolve());
    });

    // Sent: the list is read again from the server (marks, rates and the list's version).
    document.addEventListener("integra:offline-sent", function () {
      status.textContent = "";
      if (navigator.onLine && window.htmx) {
        window.htmx.ajax("GET", window.location.pathname, { target: "#attendance-body", swap: "innerHTML" });
      }
    });
    showQueued();
  });
})();
