// ChannelGate console: confirmations, fragment forms, debounced live preview and tile refresh.
// No inline script anywhere (the Content-Security-Policy forbids it); every behaviour hangs off data attributes.
"use strict";

(function () {
  const csrf = () => document.body.dataset.csrf || "";

  // Posts a form (as a submitter would) and swaps the answer into `target`.
  async function postFragment(url, form, target) {
    const body = new URLSearchParams(new FormData(form));
    target.setAttribute("aria-busy", "true");
    try {
      const answer = await fetch(url, {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "X-CSRF-Token": csrf(), "X-Console-Fragment": "1" },
      });
      target.innerHTML = await answer.text();
      if (answer.redirected && answer.url.includes("/console/sign-in")) window.location = answer.url;
    } catch (error) {
      target.innerHTML = '<p class="flash error">The gateway did not answer: ' + String(error).replace(/[<&>]/g, "") + "</p>";
    } finally {
      target.removeAttribute("aria-busy");
    }
  }

  // Buttons with data-confirm ask first; buttons with data-target post their form as a fragment.
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button || !button.form) return;
    if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    if (button.dataset.target) {
      event.preventDefault();
      const target = document.querySelector(button.dataset.target);
      if (target) postFragment(button.formAction, button.form, target);
    }
  });

  // Text areas with data-preview refresh their target 350 ms after the last keystroke.
  const timers = new WeakMap();
  function schedulePreview(area) {
    clearTimeout(timers.get(area));
    timers.set(area, setTimeout(() => {
      const target = document.querySelector(area.dataset.target);
      if (target && area.form) postFragment(area.dataset.preview, area.form, target);
    }, 350));
  }
  document.addEventListener("input", (event) => {
    if (event.target.matches("textarea[data-preview]")) schedulePreview(event.target);
  });

  // Selects with data-autosubmit submit their form when changed.
  document.addEventListener("change", (event) => {
    if (event.target.matches("select[data-autosubmit]") && event.target.form) event.target.form.submit();
  });

  // Elements with data-refresh reload their content every data-every seconds.
  function refresh(element) {
    fetch(element.dataset.refresh, { credentials: "same-origin", headers: { "X-Console-Fragment": "1" } })
      .then((answer) => (answer.ok && !answer.redirected ? answer.text() : null))
      .then((html) => { if (html !== null) element.innerHTML = html; })
      .catch(() => {});
  }

  document.addEventListener("DOMContentLoaded", () => {
    const first = document.querySelector("textarea[data-preview]");
    if (first && document.querySelector("#sample") && document.querySelector("#sample").value.trim() !== "") schedulePreview(first);
    document.querySelectorAll("[data-refresh]").forEach((element) => {
      const seconds = Math.max(5, Number(element.dataset.every || 15));
      setInterval(() => refresh(element), seconds * 1000);
    });
  });
})();
