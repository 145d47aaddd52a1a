// The extension's options: whether downloads go to ferry at all, sites
// whose downloads stay in the browser, the smallest size handed over, and
// the file types handed over (none listed: every type).
"use strict";

const api = globalThis.browser ?? globalThis.chrome;
const text = (name) => api.i18n.getMessage(name);
const DEFAULTS = { capture: true, excludedSites: [], minimumBytes: 0, fileTypes: [] };

function words(value) {
  return value.split(/[\s,]+/).map((word) => word.trim().replace(/^\./, "").toLowerCase()).filter(Boolean);
}

async function show() {
  for (const [id, name] of [
    ["capture-label", "popupCapture"],
    ["excluded-label", "optionsExcluded"],
    ["excluded-note", "optionsExcludedNote"],
    ["minimum-label", "optionsMinimum"],
    ["types-label", "optionsTypes"],
    ["types-note", "optionsTypesNote"],
  ]) {
    document.getElementById(id).textContent = text(name);
  }
  const saved = await api.storage.local.get(DEFAULTS);
  const capture = document.getElementById("capture");
  const excluded = document.getElementById("excluded");
  const minimum = document.getElementById("minimum");
  const types = document.getElementById("types");
  capture.checked = saved.capture;
  excluded.value = saved.excludedSites.join("\n");
  minimum.value = Math.round(saved.minimumBytes / 1024);
  types.value = saved.fileTypes.join(" ");
  const save = async () => {
    await api.storage.local.set({
      capture: capture.checked,
      excludedSites: words(excluded.value),
      minimumBytes: Math.max(0, Number(minimum.value) || 0) * 1024,
      fileTypes: words(types.value),
    });
    document.getElementById("saved").textContent = text("optionsSaved");
  };
  for (const field of [capture, excluded, minimum, types]) field.addEventListener("change", save);
}

show();
