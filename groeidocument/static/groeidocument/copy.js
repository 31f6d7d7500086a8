// Copy buttons: data-copy-target names the id of the field whose value is
// copied, and data-copy-status the id of a live region. After a copy that
// region shows data-copied-text, or data-copy-failed-text when the browser
// denies clipboard access, and screen readers announce it. The button keeps
// its label, so that the confirmation shows only once.

// A button rendered hidden does nothing without this script, so only the
// script shows it.
for (const button of document.querySelectorAll("[data-copy-target][hidden]")) {
  button.hidden = false;
}

function announce(button, text) {
  const status = document.getElementById(button.dataset.copyStatus || "");
  if (!status || !text) return;
  // Emptied first, so that a second copy is announced again.
  status.textContent = "";
  setTimeout(() => { status.textContent = text; }, 50);
}

document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy-target]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copyTarget);
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
  } catch {
    // Without clipboard access (plain http on another host) the text stays
    // selected, so Ctrl+C copies it.
    announce(button, button.dataset.copyFailedText);
    return;
  }
  announce(button, button.dataset.copiedText);
});
