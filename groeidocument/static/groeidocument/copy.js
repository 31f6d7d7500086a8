// Copy buttons: data-copy-target names the id of the field whose value is
// copied; data-copied-text replaces the button's label for a moment.
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
    return;
  }
  const label = button.textContent;
  button.textContent = button.dataset.copiedText;
  setTimeout(() => { button.textContent = label; }, 2000);
});
