// Conversation mode: keeps every change safe while htmx saves it.
//
// Before each autosave the form's text goes into localStorage, and it is only
// removed once the server confirmed the save. A failed save is retried with a
// growing delay; a reload or a reopened tab puts unsaved text back and saves it.
//
// Each input travels with a hidden "base:<name>" input: the value this page
// last loaded or saved for it. When someone else changed the stored value
// meanwhile, the server keeps it, returns a conflict box beside the
// input, and the user chooses which text stays. Their own text stays in the
// input and in localStorage until then.
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
  let sentValues = new Map();
  const basePrefix = "base:";

  function snapshot({ withNew = true, withBases = true } = {}) {
    const fields = [];
    for (const [name, value] of new FormData(form)) {
      if (name === "csrfmiddlewaretoken" || typeof value !== "string") {
        continue;
      }
      if (!withNew && name.startsWith("new-")) {
        continue;
      }
      if (!withBases && name.startsWith(basePrefix)) {
        continue;
      }
      fields.push([name, value]);
    }
    return fields;
  }

  function baseInput(name) {
    return form.querySelector(`[data-base-for="${CSS.escape(name)}"]`);
  }

  function store(options) {
    try {
      localStorage.setItem(storageKey, JSON.stringify(snapshot(options)));
    } catch {
      // Storage full or disabled: the retries below still protect the text.
    }
  }

  function forgetIfUnchanged(sent) {
    if (JSON.stringify(snapshot({ withBases: false })) === sent) {
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

    // The stored text goes back with the base it was typed on, so that a
    // change someone else made meanwhile shows as a conflict.
    const bases = new Map(fields.filter(([name]) => name.startsWith(basePrefix)));
    let restored = false;
    for (const [name, value] of fields) {
      let restoredHere = false;
      for (const input of form.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
        if (input.type === "radio") {
          if (input.value === value && !input.checked) {
            input.checked = true;
            restoredHere = true;
          }
        } else if (input.type !== "checkbox" && input.type !== "hidden" && input.value !== value) {
          input.value = value;
          restoredHere = true;
        }
      }
      const base = baseInput(name);
      if (restoredHere && base && bases.has(basePrefix + name)) {
        base.value = bases.get(basePrefix + name);
      }
      restored ||= restoredHere;
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
    lastSent = JSON.stringify(snapshot({ withBases: false }));
    sentValues = new Map(snapshot({ withBases: false }));
    unsaved = true;
    status.textContent = status.dataset.saving;
  });

  // Make each saved value the new base of its input. The inputs listed in
  // X-Save-Kept (rejected, or in conflict) keep their old base.
  function moveBases(xhr) {
    let kept = [];
    try {
      kept = JSON.parse(xhr.getResponseHeader("X-Save-Kept") || "[]");
    } catch {
      kept = [];
    }
    for (const [name, value] of sentValues) {
      const base = baseInput(name);
      if (!base || kept.includes(name)) {
        continue;
      }
      base.value = value;
      const slot = document.getElementById(`conflict-${name}`);
      if (slot) {
        slot.replaceChildren();
      }
    }
  }

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
    // 403 and 404: the access to this conversation ended (a share was
    // withdrawn, the document handed over or the draft thrown away).
    // Retrying cannot help either; the text stays in localStorage.
    if (xhr && (xhr.status === 403 || xhr.status === 404)) {
      clearTimeout(retryTimer);
      status.textContent = status.dataset.noAccess;
      status.classList.add("save-status--problem");
      return;
    }
    if (!event.detail.successful || !xhr || xhr.status === 0) {
      scheduleRetry();
      return;
    }
    retryDelay = 2000;
    status.classList.remove("save-status--problem");
    moveBases(xhr);
    if (xhr.getResponseHeader("X-Save-State") === "saved") {
      forgetIfUnchanged(lastSent);
    }
  });

  // The two choices of a conflict box. Keeping one's own text takes the
  // other text as the new base and saves again; taking the other text puts
  // it in the input.
  function resolve(button, takeOther) {
    const name = takeOther ? button.dataset.takeOther : button.dataset.keepMine;
    const other = button.dataset.other || "";
    const base = baseInput(name);
    if (base) {
      base.value = other;
    }
    const inputs = form.querySelectorAll(`[name="${CSS.escape(name)}"]`);
    if (takeOther) {
      for (const input of inputs) {
        if (input.type === "radio") {
          input.checked = input.value === other;
        } else {
          input.value = other;
        }
      }
    }
    document.getElementById(`conflict-${name}`)?.replaceChildren();
    inputs[0]?.focus();
    store();
    unsaved = true;
    htmx.trigger(form, "retry-save");
  }

  // A conflict box that shows the same other text stays as it is, and one
  // the user already resolved to that text stays away. Otherwise the save
  // that leaving the field starts could replace the box between the press
  // and the release of a button in it, and the click would be lost.
  form.addEventListener("htmx:oobBeforeSwap", (event) => {
    const slot = event.detail.target;
    if (!slot.classList.contains("conflict-slot")) {
      return;
    }
    const incoming = event.detail.fragment.querySelector("[data-keep-mine]");
    if (!incoming) {
      return;
    }
    const shown = slot.querySelector("[data-keep-mine]");
    const base = baseInput(incoming.dataset.keepMine);
    const other = incoming.dataset.other || "";
    if ((shown && (shown.dataset.other || "") === other) || (base && base.value === other)) {
      event.detail.shouldSwap = false;
    }
  });

  // Pressing a choice keeps the focus in the field: leaving the field would
  // start a save that moves the page under the pointer before the release.
  form.addEventListener("mousedown", (event) => {
    if (event.target.closest("[data-keep-mine], [data-take-other]")) {
      event.preventDefault();
    }
  });

  form.addEventListener("click", (event) => {
    const keep = event.target.closest("[data-keep-mine]");
    const take = event.target.closest("[data-take-other]");
    if (keep || take) {
      event.preventDefault();
      resolve(keep || take, Boolean(take));
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

  // The stylesheet keeps focused fields clear of the sticky bar with this
  // height, which changes when the bar wraps or a longer save message shows.
  const modeBar = document.querySelector(".mode-bar");
  if (modeBar && "ResizeObserver" in window) {
    new ResizeObserver(() => {
      document.documentElement.style.setProperty("--mode-bar-height", `${modeBar.offsetHeight}px`);
    }).observe(modeBar);
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
