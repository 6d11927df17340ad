/**
 * The test page: HA's role played by a fake `hass` whose websocket is the fake backend. The
 * panel bundle is loaded exactly as HA's `panel_custom` loads it, then given `hass`, `narrow`,
 * `route` and `panel`; `location-changed` updates the route as HA does.
 */

import type { Role } from "../../src/api/types";
import type { HomeAssistant } from "../../src/hass";
import { FakeBackend } from "../fake/backend";
import { TIME_ZONE } from "../fake/fixtures";

export interface HarnessOptions {
  role: Role;
  language: string;
  narrow: boolean;
  dark: boolean;
  twoCommunities: boolean;
}

declare global {
  interface Window {
    __harnessOptions?: Partial<HarnessOptions>;
    __backend: FakeBackend;
    __hass: HomeAssistant;
    __menuToggles: number;
  }
}

/** HA's default dark theme, the variables the panel reads. */
const DARK: Record<string, string> = {
  "--primary-background-color": "#111111",
  "--secondary-background-color": "#282828",
  "--card-background-color": "#1c1c1c",
  "--primary-text-color": "#e1e1e1",
  "--secondary-text-color": "#9b9b9b",
  "--disabled-text-color": "#6f6f6f",
  "--divider-color": "rgba(225, 225, 225, 0.12)",
  "--app-header-background-color": "#101e24",
  "--app-header-text-color": "#e1e1e1",
  "--input-fill-color": "#2b2b2b",
};

const PREFIX = "/smart-community";

const options: HarnessOptions = {
  role: "admin",
  language: "zh-Hans",
  narrow: false,
  dark: false,
  twoCommunities: false,
  ...window.__harnessOptions,
};

const backend = new FakeBackend();
backend.role = options.role;
backend.twoCommunities = options.twoCommunities;
backend.userName = options.role === "guard" ? "赵保安" : "物业经理";
window.__backend = backend;
window.__menuToggles = 0;

if (options.dark) for (const [name, value] of Object.entries(DARK)) document.documentElement.style.setProperty(name, value);

const hass: HomeAssistant = {
  language: options.language,
  locale: { language: options.language, time_zone: "server" },
  config: { time_zone: TIME_ZONE },
  user: { id: "user-1", name: backend.userName, is_admin: options.role === "admin" },
  themes: { darkMode: options.dark },
  callWS: (message) => backend.callWS(message),
  connection: { subscribeMessage: (callback, message) => backend.subscribeMessage(callback, message) },
};
window.__hass = hass;

function route() {
  const path = window.location.pathname.startsWith(PREFIX) ? window.location.pathname.slice(PREFIX.length) : "";
  return { prefix: PREFIX, path };
}

await customElements.whenDefined("smart-community-panel");
const panel = document.createElement("smart-community-panel");
panel.hass = hass;
panel.narrow = options.narrow;
panel.route = route();
panel.panel = { url_path: "smart-community", title: "智慧小区", config: {} };
document.body.append(panel);
window.addEventListener("location-changed", () => (panel.route = route()));
window.addEventListener("popstate", () => (panel.route = route()));
window.addEventListener("hass-toggle-menu", () => (window.__menuToggles += 1));
