// The app shell: registers the service worker (offline), and says when the connection
// comes and goes. Logs waiting on the phone are sent by guided.js when it is back.
"use strict";
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(() => {});
}
function sayConnection() {
  const status = document.getElementById("connection");
  if (status) status.textContent = navigator.onLine ? "" : "Offline: what you log is kept on this phone and sent when the connection is back.";
}
window.addEventListener("online", sayConnection);
window.addEventListener("offline", sayConnection);
document.addEventListener("DOMContentLoaded", sayConnection);
