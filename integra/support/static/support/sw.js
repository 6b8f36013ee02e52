// Integra's service worker (issue 27): attendance also without a connection.
// Served from the site root by integra.support.offline.service_worker so that its scope is the whole site.
//
// Every GET goes to the network first; only when that fails is a kept copy answered. A copy is kept of:
// - what the page asks to keep (`keep` message): the list integra.support.offline.state gives — the offline start
//   page, today's and tomorrow's attendance screens of the signed-in person, today's signature sheets and the
//   static files they load;
// - a response the server marks with `Integra-Offline: <user id>` (the same screens, opened while online).
// Nothing else is ever stored, so no other role's screen lands here. The copies belong to one user: a copy made
// for another user drops all of them first. Sign-out deletes them all (offline.js and Clear-Site-Data).
"use strict";

const CACHE = "integra-offline-v1";
const META = "/__integra-offline__/";
const OWNER = META + "owner";
const START = META + "start";
const KEPT_AT = "Integra-Kept-At";
const FRESH_MS = 5 * 60 * 1000; // a copy younger than this is not fetched again by `keep`

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

async function readMeta(cache, key) {
  const response = await cache.match(key);
  return response ? response.text() : null;
}

async function dropAll() {
  for (const key of await caches.keys()) {
    await caches.delete(key);
  }
}

// The cache of `user`'s copies: another user's copies are dropped first.
async function cacheOf(user) {
  let cache = await caches.open(CACHE);
  if ((await readMeta(cache, OWNER)) !== String(user)) {
    await dropAll();
    cache = await caches.open(CACHE);
    await cache.put(OWNER, new Response(String(user)));
  }
  return cache;
}

async function store(cache, url, response) {
  const headers = new Headers(response.headers);
  headers.set(KEPT_AT, String(Date.now()));
  const body = await response.blob();
  await cache.put(url, new Response(body, { status: response.status, statusText: response.statusText, headers }));
}

async function keep(user, urls, start) {
  const cache = await cacheOf(user);
  await cache.put(START, new Response(new URL(start, self.location.origin).href));
  const wanted = new Set(urls.map((url) => new URL(url, self.location.origin).href));
  // Yesterday's sessions and anything no longer on the list go.
  for (const request of await cache.keys()) {
    if (!wanted.has(request.url) && !request.url.includes(META)) {
      await cache.delete(request);
    }
  }
  const kept = [];
  for (const url of wanted) {
    const old = await cache.match(url);
    if (old && Date.now() - Number(old.headers.get(KEPT_AT) || 0) < FRESH_MS) {
      kept.push(url);
      continue;
    }
    try {
      const response = await fetch(url, { credentials: "same-origin", redirect: "manual" });
      if (response.ok) {
        await store(cache, url, response);
        kept.push(url);
      } else if (old) {
        kept.push(url);
      }
    } catch (error) {
      if (old) {
        kept.push(url); // the connection went meanwhile: the older copy stays
      }
    }
  }
  return kept;
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const reply = (answer) => event.ports[0] && event.ports[0].postMessage(answer);
  if (data.type === "keep") {
    event.waitUntil(keep(data.user, data.urls || [], data.start).then((kept) => reply({ kept })));
  } else if (data.type === "forget") {
    event.waitUntil(dropAll().then(() => reply({ kept: [] })));
  }
});

async function fromNetwork(event) {
  const request = event.request;
  try {
    const response = await fetch(request);
    const user = response.headers.get("Integra-Offline");
    if (user && response.ok && !response.redirected) {
      const copy = response.clone();
      event.waitUntil(cacheOf(user).then((cache) => store(cache, request.url, copy)));
    }
    return response;
  } catch (error) {
    const cache = await caches.open(CACHE);
    const copy = await cache.match(request, { ignoreVary: true });
    if (copy) {
      return copy;
    }
    if (request.mode === "navigate") {
      // Any other page asked for without a connection: the offline start page says what can be done.
      const start = await readMeta(cache, START);
      const page = start && (await cache.match(start, { ignoreVary: true }));
      if (page) {
        return page;
      }
    }
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // Writes, other sites, htmx fragments, offline.js's questions and the worker itself go straight to the network.
  const direct = request.headers.has("HX-Request") || request.headers.has("Integra-Direct");
  if (request.method !== "GET" || url.origin !== self.location.origin || direct) {
    return;
  }
  if (url.pathname === "/sw.js") {
    return;
  }
  event.respondWith(fromNetwork(event));
});
