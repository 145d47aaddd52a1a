// ferry's extension: hands the downloads the browser starts (and links
// picked from the context menu) to ferry through its native messaging
// host, with the page's cookies, referrer and user agent. Whenever ferry
// declines (blob:, data:, another scheme) or does not answer within a
// second, the browser keeps the download. One source for the Chromium
// family (Manifest V3 service worker) and Firefox (background script).
"use strict";

const api = globalThis.browser ?? globalThis.chrome;
const HOST = "ferry.native_host";
const ANSWER_WITHIN_MS = 1000;
const DEFAULTS = { capture: true, excludedSites: [], minimumBytes: 0, fileTypes: [] };
const MENU_LINK = "ferry-download-link";
const MENU_ALL = "ferry-download-all";
const MOST_ORIGINS_WITH_COOKIES = 20;

// URLs the extension downloads with the browser itself (a fallback): the
// download that follows is not captured again.
const keptByBrowser = new Set();

async function settings() {
  return { ...DEFAULTS, ...(await api.storage.local.get(DEFAULTS)) };
}

// ferry's answer to `message`, or null when it does not answer in time.
// A download ferry takes after that is handed back (the browser has it).
async function askFerry(message) {
  let timer;
  let isLate = false;
  const late = new Promise((resolve) => {
    timer = setTimeout(() => {
      isLate = true;
      resolve(null);
    }, ANSWER_WITHIN_MS);
  });
  const answer = api.runtime.sendNativeMessage(HOST, message).catch((error) => {
    console.warn("ferry does not answer:", error);
    return null;
  });
  answer.then((reply) => {
    if (isLate && reply && reply.ok && reply.transfer_id) {
      api.runtime.sendNativeMessage(HOST, { type: "too_late", transferId: reply.transfer_id }).catch(() => {});
    }
  });
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}

function hostOf(text) {
  try {
    return new URL(text).hostname;
  } catch {
    return "";
  }
}

function isHttp(text) {
  try {
    return ["http:", "https:"].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

function isExcluded(url, excludedSites) {
  const host = hostOf(url);
  return excludedSites.some((site) => host === site || host.endsWith(`.${site}`));
}

// The cookies the browser would send to `url`, from the store of the
// window it came from (a private window has its own).
async function cookiesFor(url, incognito) {
  const details = { url };
  if (incognito) {
    const stores = await api.cookies.getAllCookieStores();
    const store = stores.find((each) => each.incognito === true || ["1", "firefox-private"].includes(each.id));
    if (store) details.storeId = store.id;
  }
  const cookies = await api.cookies.getAll(details);
  return cookies.map(({ name, value, domain, hostOnly, path, secure, httpOnly, expirationDate }) => ({
    name, value, domain, hostOnly, path, secure, httpOnly, expirationDate,
  }));
}

function baseName(path) {
  return (path || "").split(/[\\/]/).pop() || undefined;
}

// Hands a download to ferry; true when ferry took it.
async function handOver({ url, finalUrl, referrer, fileName, size, incognito }) {
  if (!isHttp(url) && !isHttp(finalUrl)) return false;
  const cookies = await cookiesFor(isHttp(finalUrl) ? finalUrl : url, incognito).catch(() => []);
  const answer = await askFerry({
    type: "download",
    url,
    finalUrl,
    referrer: referrer || undefined,
    userAgent: navigator.userAgent,
    fileName,
    size: size > 0 ? size : undefined,
    cookies,
    incognito: Boolean(incognito),
  });
  if (answer && !answer.ok) console.info("ferry declined:", answer.reason);
  return Boolean(answer && answer.ok);
}

async function shouldCapture(item) {
  if (keptByBrowser.delete(item.url) || keptByBrowser.delete(item.finalUrl)) return false;
  if (!isHttp(item.finalUrl || item.url)) return false;
  const { capture, excludedSites, minimumBytes, fileTypes } = await settings();
  if (!capture) return false;
  if (isExcluded(item.url, excludedSites) || isExcluded(item.referrer, excludedSites)) return false;
  const size = item.totalBytes > 0 ? item.totalBytes : item.fileSize;
  if (minimumBytes > 0 && size > 0 && size < minimumBytes) return false;
  if (fileTypes.length > 0) {
    const name = baseName(item.filename) || baseName(new URL(item.finalUrl || item.url).pathname) || "";
    const type = name.includes(".") ? name.split(".").pop().toLowerCase() : "";
    if (!fileTypes.includes(type)) return false;
  }
  return true;
}

function describe(item) {
  return {
    url: item.url,
    finalUrl: item.finalUrl,
    referrer: item.referrer,
    fileName: baseName(item.filename),
    size: item.totalBytes > 0 ? item.totalBytes : item.fileSize,
    incognito: item.incognito,
  };
}

async function removeFromBrowser(id) {
  await api.downloads.cancel(id).catch(() => {});
  await api.downloads.erase({ id }).catch(() => {});
}

if (api.downloads.onDeterminingFilename) {
  // Chromium: the download waits for its name while ferry is asked; when
  // ferry declines, it goes on in the browser as if nothing happened (a
  // POST form's download too).
  api.downloads.onDeterminingFilename.addListener((item, suggest) => {
    (async () => {
      if ((await shouldCapture(item)) && (await handOver(describe(item)))) {
        await removeFromBrowser(item.id);
      } else {
        suggest();
      }
    })();
    return true;
  });
} else {
  // Firefox: the download is stopped at once; when ferry declines, the
  // browser fetches it again itself.
  api.downloads.onCreated.addListener(async (item) => {
    if (!(await shouldCapture(item))) return;
    await removeFromBrowser(item.id);
    if (!(await handOver(describe(item)))) {
      keptByBrowser.add(item.url);
      api.downloads.download({ url: item.url });
    }
  });
}

// Wakes ferry's service when the browser starts, so the first download
// does not wait for it.
api.runtime.onStartup.addListener(() => {
  askFerry({ type: "hello" });
});

api.runtime.onInstalled.addListener(() => {
  askFerry({ type: "hello" });
  api.contextMenus.create({
    id: MENU_LINK,
    title: api.i18n.getMessage("menuDownloadLink"),
    contexts: ["link"],
  });
  api.contextMenus.create({
    id: MENU_ALL,
    title: api.i18n.getMessage("menuDownloadAll"),
    contexts: ["page"],
  });
});

// "Download all links with ferry…": the page's links go to ferry's window
// to pick from, with the cookies of their sites.
async function handOverLinks(tab) {
  const [found] = await api.scripting.executeScript({
    target: { tabId: tab.id },
    func: () => Array.from(document.links, (link) => link.href),
  });
  const links = [...new Set((found && found.result) || [])].filter(isHttp);
  const origins = [...new Set(links.map((link) => new URL(link).origin))].slice(0, MOST_ORIGINS_WITH_COOKIES);
  const cookies = (await Promise.all(origins.map((origin) => cookiesFor(origin, tab.incognito).catch(() => [])))).flat();
  await askFerry({
    type: "links",
    links,
    referrer: tab.url,
    userAgent: navigator.userAgent,
    cookies,
    incognito: Boolean(tab.incognito),
  });
}

api.contextMenus.onClicked.addListener(async (info, tab) => {
  if (info.menuItemId === MENU_ALL && tab) {
    await handOverLinks(tab);
    return;
  }
  if (info.menuItemId !== MENU_LINK) return;
  const taken = await handOver({
    url: info.linkUrl,
    referrer: info.pageUrl,
    incognito: tab ? tab.incognito : false,
  });
  if (!taken) {
    keptByBrowser.add(info.linkUrl);
    api.downloads.download({ url: info.linkUrl });
  }
});

// The popup asks through here, so it shares the timeout.
api.runtime.onMessage.addListener((message, _sender, reply) => {
  if (message && message.type === "hello") {
    askFerry({ type: "hello" }).then(reply);
    return true;
  }
  return false;
});
