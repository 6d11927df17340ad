/** In-app navigation the way HA's own panels do it: history plus `location-changed`. */

export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  window.dispatchEvent(new CustomEvent("location-changed", { detail: { replace } }));
}

/** The panel's URL prefix (`/smart-community`), set by the panel from HA's `route`. */
let prefix = "/smart-community";

export function setPrefix(value: string): void {
  prefix = value;
}

export function viewPath(view: string, query: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const search = params.toString();
  return `${prefix}/${view}${search ? `?${search}` : ""}`;
}
