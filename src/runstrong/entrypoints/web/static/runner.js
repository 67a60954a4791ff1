// The runner pages' forms: after htmx has put a field's check into the line beside it,
// mark the field invalid (or valid again) to match, so that a screen reader hears the
// state with the reason. Without JavaScript the server sets the same attributes.
"use strict";
document.addEventListener("htmx:afterSwap", (event) => {
  const target = event.detail.target;
  if (!target || !target.id || !target.id.endsWith("-error")) return;
  const bad = target.textContent.trim() !== "";
  document.querySelectorAll(`[aria-describedby~="${target.id}"]`).forEach((field) => {
    if (bad) field.setAttribute("aria-invalid", "true");
    else field.removeAttribute("aria-invalid");
  });
});
