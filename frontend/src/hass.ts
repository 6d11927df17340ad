/**
 * The part of Home Assistant's front-end objects the panel uses. HA passes the real
 * `hass` (a much larger object) to the panel element; only these members are relied on.
 */

export interface HassUser {
  id: string;
  name: string;
  is_admin: boolean;
  is_owner?: boolean;
}

export interface HassConnection {
  /** Resolves to the unsubscribe function; `callback` gets each event message. */
  subscribeMessage<T>(callback: (message: T) => void, subscribeMessage: Record<string, unknown>): Promise<() => Promise<void>>;
}

export interface HomeAssistant {
  /** The user's language (profile setting), e.g. `zh-Hans`, `en`, `zh-Hant`. */
  language: string;
  locale?: { language: string; time_zone?: "local" | "server" };
  config: { time_zone: string };
  user?: HassUser;
  themes?: { darkMode?: boolean };
  callWS<T>(message: Record<string, unknown>): Promise<T>;
  connection: HassConnection;
  /** Absolute URL of a path on the HA server (relative signed URLs work as they are). */
  hassUrl?(path?: string): string;
}

/** What `panel_custom` passes as `route`. */
export interface Route {
  prefix: string;
  path: string;
}

/** What `panel_custom` passes as `panel` (`config` holds the integration's panel config). */
export interface PanelInfo {
  url_path?: string;
  title?: string | null;
  config?: Record<string, unknown> & { entry_id?: string };
}
