// Conversation mode: keeps every change safe while htmx saves it.
//
// Before each autosave the form's text goes into localStorage, and it is only
// removed once the server confirmed the save. A failed save is retried with a
// growing delay; a reload or a reopened tab puts unsaved text back and saves it.
(() => {
  "use strict";

  const form = document.getElementById("step-form");
  const status = document.getElementById("save-status");
  if (!form || !status) {
    return;
  }

  const storageKey = `groeidocument:draft:${form.dataset.draftKey}`;
  const maxRetryDelay = 10000;
  let retryDelay = 2000;
  let retryTimer = null;
  let unsaved = false;
  let lastSent = "";

  function snapshot({ withNew = true } = {}) {
    const fields = [];
    for (const [name, value] of new FormData(form)) {
      if (name === "csrfmiddlewaretoken" || typeof value !== "string") {
        continue;
      }
      if (!withNew && name.startsWith("new-")) {
        continue;
      }
      fields.push([name, value]);
    }
    return fields;
  }

  function store(options) {
    try {
      localStorage.setItem(storageKey, JSON.stringify(snapshot(options)));
    } catch {
      // Storage full or disabled: the retries below still protect the text.
    }
  }

  function forgetIfUnchanged(sent) {
    if (JSON.stringify(snapshot()) === sent) {
      localStorage.removeItem(storageKey);
      unsaved = false;
    }
  }

  function restore() {
    let fields;
    try {
      fields = JSON.parse(localStorage.getItem(storageKey) || "null");
    } catch {
      fields = null;
    }
    if (!Array.isArray(fields)) {
      return;
    }

    let restored = false;
    for (const [name, value] of fields) {
      for (const input of form.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
        if (input.type === "radio") {
          if (input.value === value && !input.checked) {
            input.checked = true;
            restored = true;
          }
        } else if (input.type !== "checkbox" && input.type !== "hidden" && input.value !== value) {
          input.value = value;
          restored = true;
        }
      }
    }
    if (restored) {
      status.textContent = status.dataset.restored;
      unsaved = true;
      htmx.trigger(form, "retry-save");
    } else {
      localStorage.removeItem(storageKey);
    }
  }

  function scheduleRetry() {
    status.textContent = status.dataset.offline;
    status.classList.add("save-status--problem");
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => htmx.trigger(form, "retry-save"), retryDelay);
    retryDelay = Math.min(retryDelay * 2, maxRetryDelay);
  }

  form.addEventListener("htmx:configRequest", () => {
    store();
    lastSent = JSON.stringify(snapshot());
    unsaved = true;
    status.textContent = status.dataset.saving;
  });

  form.addEventListener("htmx:afterRequest", (event) => {
    const xhr = event.detail.xhr;
    // 401: the login ended. Retrying cannot help; the text stays in
    // localStorage and comes back when this step is opened after logging in.
    if (xhr && xhr.status === 401) {
      clearTimeout(retryTimer);
      status.textContent = status.dataset.signedOut;
      status.classList.add("save-status--problem");
      return;
    }
    if (!event.detail.successful || !xhr || xhr.status === 0) {
      scheduleRetry();
      return;
    }
    retryDelay = 2000;
    status.classList.remove("save-status--problem");
    if (xhr.getResponseHeader("X-Save-State") === "saved") {
      forgetIfUnchanged(lastSent);
    }
  });

  // htmx:afterRequest also fires after a network error, so it alone schedules
  // the retry; the browser coming back online retries at once.
  window.addEventListener("online", () => htmx.trigger(form, "retry-save"));

  // Kept on every keystroke, so a reload before the next autosave loses nothing.
  form.addEventListener("input", () => {
    store();
    unsaved = true;
  });

  // A full submit (Next, Back, Finish) saves everything too. The new action
  // point it adds must not come back into the empty field afterwards.
  form.addEventListener("submit", (event) => {
    if (!navigator.onLine) {
      event.preventDefault();
      scheduleRetry();
      return;
    }
    store({ withNew: false });
    unsaved = false;
  });

  window.addEventListener("beforeunload", (event) => {
    if (unsaved) {
      event.preventDefault();
    }
  });

  // The compliment prompt appears once the pupil picked a number.
  form.addEventListener("change", (event) => {
    const input = event.target;
    if (input.type === "radio") {
      for (const prompt of form.querySelectorAll(`[data-shows-after-scale="${CSS.escape(input.name)}"]`)) {
        prompt.hidden = false;
      }
    }
  });

  // Quick choices for the follow-up date fill in the date field.
  for (const button of form.querySelectorAll("[data-set-date]")) {
    button.addEventListener("click", (event) => {
      event.preventDefault();
      const dateInput = form.querySelector("#follow_up_on");
      dateInput.value = button.dataset.setDate;
      for (const other of form.querySelectorAll("[data-set-date]")) {
        other.setAttribute("aria-pressed", String(other === button));
        other.classList.toggle("button--chosen", other === button);
      }
      dateInput.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  // Whatever changed before htmx listened, such as a quick tap right after
  // the page appeared, differs from what the server rendered.
  function changedBeforeReady() {
    for (const input of form.elements) {
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked !== input.defaultChecked) {
          return true;
        }
      } else if ("defaultValue" in input && input.type !== "hidden" && input.value !== input.defaultValue) {
        return true;
      }
    }
    return false;
  }

  // Move the keyboard focus to the newest message, or else the step's title,
  // so that a screen reader and a keyboard user start where the page starts.
  const focusTargets = document.querySelectorAll("[data-focus]");
  if (focusTargets.length) {
    focusTargets[focusTargets.length - 1].focus();
  }

  // Restore once htmx has set up the form, so that the restored text is saved.
  htmx.onLoad((element) => {
    if (element !== document.body) {
      return;
    }
    restore();
    if (changedBeforeReady()) {
      htmx.trigger(form, "retry-save");
    }
  });
})();
