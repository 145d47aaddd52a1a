// The toolbar popup: whether ferry answers, the capture switch, and the
// last few transfers with their progress.
"use strict";

const api = globalThis.browser ?? globalThis.chrome;
const text = (name, ...substitutions) => api.i18n.getMessage(name, substitutions);

async function show() {
  const capture = document.getElementById("capture");
  document.getElementById("capture-label").textContent = text("popupCapture");
  capture.checked = (await api.storage.local.get({ capture: true })).capture;
  capture.addEventListener("change", () => api.storage.local.set({ capture: capture.checked }));

  const state = document.getElementById("state");
  const answer = await api.runtime.sendMessage({ type: "hello" }).catch(() => null);
  if (!answer || !answer.ok) {
    state.textContent = text("popupNotConnected");
    state.className = "off";
    return;
  }
  state.textContent = text("popupConnected", answer.version);
  if (!answer.starts_without_asking) {
    const asks = document.getElementById("asks");
    asks.textContent = text("popupAsks");
    asks.hidden = false;
  }
  const list = document.getElementById("transfers");
  const transfers = answer.transfers || [];
  if (transfers.length === 0) {
    const item = document.createElement("li");
    item.textContent = text("popupNoTransfers");
    list.append(item);
  }
  for (const transfer of transfers) {
    const item = document.createElement("li");
    const name = document.createElement("span");
    name.textContent = transfer.name;
    name.title = transfer.name;
    const progress = document.createElement("span");
    // ferry names the status in a machine word; the words are the
    // extension's own, in the browser's language.
    const status = text(`status_${transfer.status}`) || transfer.status;
    progress.textContent = transfer.percent === undefined
      ? status
      : `${transfer.percent}% · ${status}`;
    item.append(name, progress);
    list.append(item);
  }
}

show();
