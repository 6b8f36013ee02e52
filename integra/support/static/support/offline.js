// Attendance without a connection (issue 27), on every page of a person who marks attendance.
//
// - Registers the service worker (/sw.js) and asks it to keep what integra.support.offline.state lists.
// - Keeps marks made without a connection in IndexedDB ("integra-offline"), each with the list's version and the
//   mark the device was shown; no other personal data than the participant's name.
// - When the connection is back, sends the signed-in user's marks one by one, in the order they were made, to the
//   attendance screen's endpoint (queued=1); says how many were saved; lists conflicts (both marks, who made the
//   other) until the user chooses, and marks refused with their reason until the user removes them.
// - Marks expire after 7 days (a warning from the 5th day); sign-out warns first, then deletes every mark and copy.
// Texts come from the support app's catalogue (offline:jsi18n), so they follow the page's language.
(function () {
  "use strict";
  var DB_NAME = "integra-offline";
  var STORE = "marks";
  var DAY = 24 * 60 * 60 * 1000;
  var EXPIRES_AFTER = 7 * DAY;
  var WARN_AFTER = 5 * DAY;
  var STATE_EVERY = 10 * 60 * 1000; // other pages ask what to keep at most this often
  var root = document.getElementById("offline");

  // ------------------------------------------------------------ no offline work for this role: forget the copies

  if (!root) {
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.getRegistrations().then(function (registrations) {
        if (!registrations.length) { return; }
        if (window.caches) { caches.keys().then(function (keys) { keys.forEach(function (k) { caches.delete(k); }); }); }
        registrations.forEach(function (r) { r.unregister(); });
      });
    }
    return;
  }

  var t = window.gettext || function (s) { return s; };
  var nt = window.ngettext || function (s, p, n) { return n === 1 ? s : p; };
  function fmt(text, values) { return window.interpolate ? window.interpolate(text, values, true) : text; }
  var user = root.dataset.user;
  var banner = document.getElementById("offline-banner");
  var conflictBox = document.getElementById("offline-conflicts");
  var refusedBox = document.getElementById("offline-refused");
  var note = { saved: 0, conflicts: 0, refused: 0, expired: false, sending: false, said: "" };

  // ------------------------------------------------------------ IndexedDB

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "key" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var request = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function allMarks() {
    return withStore("readonly", function (store) { return store.getAll(); }).then(function (marks) {
      return (marks || []).sort(function (a, b) { return a.seq - b.seq; });
    });
  }
  function putMark(mark) { return withStore("readwrite", function (store) { return store.put(mark); }); }
  function deleteMark(key) { return withStore("readwrite", function (store) { return store.delete(key); }); }
  function getMark(key) { return withStore("readonly", function (store) { return store.get(key); }); }

  function mine(marks) {
    return marks.filter(function (m) { return m.user === user && m.membership === root.dataset.membership; });
  }

  // A mark made without a connection. A second mark of the same person replaces the first but keeps what the
  // device was shown (version, earlier mark) and its place in the order; going back to that mark drops it.
  var counter = 0;
  function queue(mark) {
    var key = [user, root.dataset.membership, mark.session, mark.participant].join(":");
    return getMark(key).then(function (old) {
      var base = old || { was: mark.was, version: mark.version, seq: Date.now() * 1000 + (counter++ % 1000) };
      if (mark.status === base.was) {
        return deleteMark(key);
      }
      return putMark({
        key: key, user: user, membership: root.dataset.membership, session: mark.session,
        participant: mark.participant, name: mark.name, sessionLabel: mark.sessionLabel,
        status: mark.status, statusLabel: mark.statusLabel, was: base.was, version: base.version,
        seq: base.seq, madeAt: Date.now(), state: "waiting"
      });
    }).then(render);
  }

  function marksFor(session) {
    return allMarks().then(function (marks) {
      return mine(marks).filter(function (m) { return String(m.session) === String(session) && m.state !== "refused"; });
    });
  }

  // Marks older than 7 days are not sent: they move to the list of marks not saved, with the reason.
  function expire(marks) {
    var now = Date.now();
    var changes = marks.filter(function (m) { return m.state === "waiting" && now - m.madeAt > EXPIRES_AFTER; })
      .map(function (m) {
        m.state = "refused";
        m.reason = t("The mark waited on this device for 7 days and expired: it was not sent. Enter it again if it is still right.");
        return putMark(m);
      });
    return Promise.all(changes).then(function () { return marks; });
  }

  // ------------------------------------------------------------ the banner and the two lists

  function paragraph(text, className) {
    var p = document.createElement("p");
    p.textContent = text;
    if (className) { p.className = className; }
    return p;
  }

  function button(text, className, handler) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    if (className) { b.className = className; }
    b.addEventListener("click", handler);
    return b;
  }

  function renderBanner(marks) {
    var waiting = marks.filter(function (m) { return m.state === "waiting"; });
    var parts = [];
    if (!navigator.onLine) {
      parts.push(paragraph(t("No connection: marks are saved on this device.") + " " +
        fmt(nt("%(count)s mark waits to be sent.", "%(count)s marks wait to be sent.", waiting.length),
          { count: waiting.length }), "offline-now"));
    } else if (note.expired) {
      var p = paragraph(t("Your session has expired. Sign in again: the marks waiting on this device are sent then.") + " ");
      var link = document.createElement("a");
      link.href = root.dataset.login + "?next=" + encodeURIComponent(location.pathname + location.search);
      link.id = "offline-sign-in";
      link.textContent = t("Sign in again");
      p.appendChild(link);
      parts.push(p);
    } else if (note.sending) {
      parts.push(paragraph(t("Sending the marks saved on this device…")));
    } else if (waiting.length) {
      parts.push(paragraph(fmt(nt("%(count)s mark waits on this device to be sent.",
        "%(count)s marks wait on this device to be sent.", waiting.length), { count: waiting.length })));
    }
    if (navigator.onLine && note.said) { parts.push(paragraph(note.said, "offline-sent")); }
    var old = waiting.filter(function (m) { return Date.now() - m.madeAt > WARN_AFTER; }).length;
    if (old) {
      parts.push(paragraph(fmt(nt(
        "%(count)s mark has waited on this device for more than 5 days: after 7 days it expires and is not sent.",
        "%(count)s marks have waited on this device for more than 5 days: after 7 days they expire and are not sent.",
        old), { count: old }), "offline-old"));
    }
    banner.replaceChildren.apply(banner, parts);
    var undecided = marks.some(function (m) { return m.state !== "waiting"; });
    banner.classList.toggle("offline-warning", !navigator.onLine || note.expired || old > 0 || undecided);
  }

  function describe(mark, id) {
    var p = document.createElement("p");
    p.id = id;
    var name = document.createElement("strong");
    name.textContent = mark.name;
    p.appendChild(name);
    p.appendChild(document.createTextNode(" — " + mark.sessionLabel));
    return p;
  }

  function renderConflicts(marks) {
    var list = document.getElementById("offline-conflict-list");
    var items = marks.filter(function (m) { return m.state === "conflict"; }).map(function (mark) {
      var id = "conflict-" + mark.session + "-" + mark.participant;
      var item = document.createElement("li");
      item.id = id;
      item.className = "offline-conflict";
      item.appendChild(describe(mark, id + "-who"));
      var values = document.createElement("dl");
      var theirs = mark.server.label;
      var by = mark.server.by ? fmt(t("changed by %(who)s, %(when)s"), { who: mark.server.by, when: mark.server.at }) : "";
      [[t("On this device"), mark.statusLabel], [t("In Integra"), by ? theirs + " (" + by + ")" : theirs]].forEach(function (pair) {
        var dt = document.createElement("dt");
        dt.textContent = pair[0];
        var dd = document.createElement("dd");
        dd.textContent = pair[1];
        values.appendChild(dt);
        values.appendChild(dd);
      });
      item.appendChild(values);
      var actions = document.createElement("div");
      actions.className = "offline-actions";
      var keepMine = button(fmt(t("Keep “%(mark)s” from this device"), { mark: mark.statusLabel }), "", function () { choose(mark, "mine"); });
      var keepTheirs = button(fmt(t("Keep “%(mark)s” from Integra"), { mark: theirs }), "secondary", function () { choose(mark, "server"); });
      [keepMine, keepTheirs].forEach(function (b, n) {
        b.setAttribute("aria-describedby", id + "-who");
        b.dataset.keep = n ? "server" : "mine";
        actions.appendChild(b);
      });
      item.appendChild(actions);
      return item;
    });
    list.replaceChildren.apply(list, items);
    conflictBox.hidden = !items.length;
  }

  function renderRefused(marks) {
    var list = document.getElementById("offline-refused-list");
    var items = marks.filter(function (m) { return m.state === "refused"; }).map(function (mark) {
      var id = "refused-" + mark.session + "-" + mark.participant;
      var item = document.createElement("li");
      item.id = id;
      item.className = "offline-refused";
      var who = describe(mark, id + "-who");
      who.appendChild(document.createTextNode(": " + mark.statusLabel));
      item.appendChild(who);
      item.appendChild(paragraph(mark.reason, "offline-reason"));
      var remove = button(t("Remove from this device"), "secondary outline", function () {
        deleteMark(mark.key).then(function () { say(fmt(t("Removed from this device: %(name)s."), { name: mark.name })); });
      });
      remove.setAttribute("aria-describedby", id + "-who");
      item.appendChild(remove);
      return item;
    });
    list.replaceChildren.apply(list, items);
    refusedBox.hidden = !items.length;
  }

  function render() {
    return allMarks().then(function (marks) {
      var own = mine(marks);
      renderBanner(own);
      renderConflicts(own);
      renderRefused(own);
      return own;
    });
  }

  function say(text) {
    note.said = text;
    return render();
  }

  // ------------------------------------------------------------ the server

  // Asked of the server itself, never answered by the service worker's copies.
  var DIRECT = { Accept: "application/json", "Integra-Direct": "1" };

  function attendanceUrl(session) { return root.dataset.attendance.replace("/0/", "/" + session + "/"); }

  // What to keep, who is signed in and a fresh form token; "expired" when the server sends to the sign-in page.
  function fetchState() {
    return fetch(root.dataset.state, { credentials: "same-origin", redirect: "manual", headers: DIRECT })
      .then(function (response) {
        if (response.type === "opaqueredirect" || response.status === 403) { return "expired"; }
        if (!response.ok) { throw new Error("state " + response.status); }
        return response.json();
      });
  }

  function send(mark, state) {
    var body = new URLSearchParams({
      queued: "1", participant: mark.participant, status: mark.status, was: mark.was || "",
      version: mark.version, made_by: mark.user
    });
    return fetch(attendanceUrl(mark.session), {
      method: "POST", body: body, credentials: "same-origin", redirect: "manual",
      headers: Object.assign({ "X-CSRFToken": state.csrf }, DIRECT)
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 403) { return "expired"; }
      if (!response.ok) { throw new Error("mark " + response.status); }
      return response.json();
    });
  }

  var syncing = false;
  var retries = 0;
  function retry() {
    if (retries >= 5) { return; }
    retries += 1;
    setTimeout(function () { sync(); }, 2000 * retries);
  }
  // Sends the waiting marks of the signed-in user in the order they were made; stops (keeping the rest) when the
  // connection goes again or the session has expired.
  function sync(state) {
    if (syncing || !navigator.onLine) { return Promise.resolve(); }
    return allMarks().then(expire).then(function (marks) {
      var waiting = mine(marks).filter(function (m) { return m.state === "waiting"; });
      if (!waiting.length) { return render(); }
      syncing = true;
      note.sending = true;
      note.said = "";
      render();
      var saved = 0;
      var conflicts = 0;
      var refused = 0;
      return (state ? Promise.resolve(state) : fetchState()).then(function (current) {
        if (current === "expired") { note.expired = true; return; }
        note.expired = false;
        if (String(current.user) !== user) { return; } // another user's marks wait for them
        var meta = document.querySelector("meta[name=csrf-token]");
        if (meta) { meta.content = current.csrf; }
        return waiting.reduce(function (previous, mark) {
          return previous.then(function (go) {
            if (go === false) { return false; }
            return send(mark, current).then(function (answer) {
              if (answer === "expired") { note.expired = true; return false; }
              if (answer.result === "saved" || answer.result === "same") { saved++; return deleteMark(mark.key); }
              if (answer.result === "conflict") {
                conflicts++;
                mark.state = "conflict";
                mark.server = answer.server;
                mark.statusLabel = answer.mine.label;
                mark.serverVersion = answer.version;
                return putMark(mark);
              }
              refused++;
              mark.state = "refused";
              mark.reason = answer.reason;
              return putMark(mark);
            });
          });
        }, Promise.resolve(true));
      }).catch(function () {
        // The connection went again (or is not quite back yet): what was not sent stays and is tried again.
        retry();
      }).then(function () {
        syncing = false;
        note.sending = false;
        var parts = [];
        if (saved) {
          parts.push(fmt(nt("The connection is back: %(count)s mark from this device was saved.",
            "The connection is back: %(count)s marks from this device were saved.", saved), { count: saved }));
        }
        if (conflicts) {
          parts.push(fmt(nt("%(count)s mark was changed in Integra meanwhile: choose which one stays.",
            "%(count)s marks were changed in Integra meanwhile: choose which ones stay.", conflicts), { count: conflicts }));
        }
        if (refused) {
          parts.push(fmt(nt("%(count)s mark could not be saved: the reason is given below.",
            "%(count)s marks could not be saved: the reasons are given below.", refused), { count: refused }));
        }
        note.said = parts.join(" ");
        document.dispatchEvent(new CustomEvent("integra:offline-sent", { detail: { saved: saved } }));
        return render();
      });
    });
  }

  // The user's choice in a conflict: their own mark is sent again against the mark now in Integra; Integra's mark
  // simply stays (the device's is dropped).
  function choose(mark, which) {
    if (which === "server") {
      return deleteMark(mark.key).then(function () {
        document.dispatchEvent(new CustomEvent("integra:offline-sent", { detail: { saved: 0 } }));
        return say(fmt(t("Kept the mark from Integra: %(name)s — %(mark)s."), { name: mark.name, mark: mark.server.label }));
      });
    }
    mark.state = "waiting";
    mark.was = mark.server.status;
    mark.version = mark.serverVersion;
    return putMark(mark).then(function () { return sync(); });
  }

  // ------------------------------------------------------------ the service worker and what it keeps

  var lastState = "integra-offline-state-at";
  var registering = Promise.reject(new Error("no service worker"));
  registering.catch(function () { /* replaced in start() */ });
  function keepCopies(state) {
    if (!("serviceWorker" in navigator) || !state || state === "expired") { return Promise.resolve(); }
    return registering.then(function () { return navigator.serviceWorker.ready; }, function () {
      return null; // the browser refused the worker: nothing is kept
    }).then(function (registration) {
      if (!registration) { return []; }
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) { resolve(event.data.kept || []); };
        registration.active.postMessage({ type: "keep", user: state.user, urls: state.urls, start: state.start }, [channel.port2]);
      });
    }).then(function (kept) {
      sessionStorage.setItem(lastState, String(Date.now()));
      var here = location.href.split("#")[0];
      var keptNote = document.getElementById("offline-kept");
      if (keptNote && kept.indexOf(here) >= 0) { keptNote.hidden = false; }
      document.documentElement.dataset.offlineReady = "1";
    });
  }

  // The page's own requests of the offline state are over (the service worker may still be keeping copies): tests
  // wait for this mark.
  function settled() { document.documentElement.dataset.offlineSettled = "1"; }

  function start() {
    if ("serviceWorker" in navigator) {
      registering = navigator.serviceWorker.register(root.dataset.worker, { scope: "/" });
      registering.catch(function () { /* no worker: online only */ });
    }
    // Marks older than 7 days expire on any page, with or without a connection.
    allMarks().then(expire).then(render).then(function () {
      if (!navigator.onLine) { return; }
      var always = document.getElementById("attendance-form") || document.getElementById("offline-start") || location.pathname === "/";
      var recently = Date.now() - Number(sessionStorage.getItem(lastState) || 0) < STATE_EVERY;
      return allMarks().then(function (marks) {
        var waiting = mine(marks).some(function (m) { return m.state === "waiting"; });
        if (!always && recently && !waiting) { return; }
        return fetchState().then(function (state) {
          return sync(state).then(function () {
            settled();
            return keepCopies(state);
          });
        }).catch(function () { /* offline meanwhile */ });
      });
    }).then(settled, settled);
    window.addEventListener("online", function () { note.said = ""; retries = 0; sync(); });
    window.addEventListener("offline", function () { note.said = ""; render(); });
    setInterval(function () { if (navigator.onLine) { sync(); } }, 60 * 1000);
  }

  // ------------------------------------------------------------ sign-out: warn first, then delete everything

  function forgetEverything() {
    var jobs = [new Promise(function (resolve) {
      var request = indexedDB.deleteDatabase(DB_NAME);
      request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
    })];
    if (window.caches) {
      jobs.push(caches.keys().then(function (keys) { return Promise.all(keys.map(function (k) { return caches.delete(k); })); }));
    }
    sessionStorage.removeItem(lastState);
    return Promise.all(jobs);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var logout = document.getElementById("logout");
    var form = logout && logout.closest("form");
    if (!form) { return; }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      allMarks().then(function (marks) {
        var unsent = marks.length;
        if (unsent && !window.confirm(fmt(nt(
          "%(count)s attendance mark on this device has not been sent. Signing out deletes it from the device. Sign out anyway?",
          "%(count)s attendance marks on this device have not been sent. Signing out deletes them from the device. Sign out anyway?",
          unsent), { count: unsent }))) {
          return;
        }
        return forgetEverything().then(function () { form.submit(); });
      }).catch(function () { form.submit(); });
    });
  });

  window.IntegraOffline = { queue: queue, marksFor: marksFor, sync: sync };
  start();
})();
