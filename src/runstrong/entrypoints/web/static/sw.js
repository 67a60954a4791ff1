// Offline: the app shell and the pages visited are kept, so today's session opens in a
// gym basement without signal. Pages and API answers are fetched fresh when online
// (network first) and taken from the cache otherwise. Static files are served from the
// cache at once and refreshed behind (their names carry no version, so a cache-first
// copy would never change). Logs are not sent from here: the page keeps them in its own
// queue (guided.js), which works where service workers do not (plain http on a LAN).
"use strict";
const CACHE = "runstrong-v4";
const SHELL = ["/today", "/static/app.css", "/static/app.js", "/static/guided.js", "/static/runner.js",
               "/static/vendor/htmx-2.0.11.min.js", "/manifest.webmanifest", "/static/icon.svg"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()));
});

function keep(request, response) {
  if (response.ok) {
    const copy = response.clone();
    caches.open(CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}

// A page asks for copies of pages it links to (the guided sessions from /today), or of
// itself when it was loaded before this worker was in charge.
self.addEventListener("message", (event) => {
  const urls = (event.data && Array.isArray(event.data.keep)) ? event.data.keep : [];
  const ours = urls.map((u) => new URL(u, self.location.origin)).filter((u) => u.origin === self.location.origin);
  event.waitUntil(Promise.all(ours.map((url) => fetch(url).then((response) => keep(url.href, response)).catch(() => null))));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;  // logs are queued by the page, not here
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    const fresh = fetch(request).then((response) => keep(request, response));
    event.waitUntil(fresh.catch(() => null));
    event.respondWith(caches.match(request).then((hit) => hit || fresh));
    return;
  }
  event.respondWith(fetch(request).then((response) => keep(request, response)).catch(() =>
    caches.match(request).then((hit) => {
      if (hit) return hit;
      if (url.pathname.startsWith("/api/")) {
        // An API call offline gets the API's own error shape, not a page.
        const body = {error: {code: "offline", message: "No connection, and no copy kept on this phone.", field: null}};
        return new Response(JSON.stringify(body), {status: 503, headers: {"Content-Type": "application/json"}});
      }
      return caches.match("/today");
    })));
});
