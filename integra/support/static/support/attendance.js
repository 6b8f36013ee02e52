// Attendance screen: each mark is saved at once (htmx swaps the rows). The swap would drop the keyboard focus
// to the top of the page, so it is put back on the radio button just marked; the row shows its own „Zapisano”
// and a polite live region tells a screen-reader user what was saved (WCAG 2.4.3, 4.1.3).
(function () {
  "use strict";
  var lastMark = null;
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("attendance-form");
    var status = document.getElementById("attendance-status");
    if (!form || !status) { return; }
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
      if (target.id !== "attendance-body" || !lastMark) { return; }
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
  });
})();
