/** Typed calls over HA's websocket: `api.call("smart_community/records/search", {...})`. */

import type { HomeAssistant } from "../hass";
import type {
  CommandType,
  ParamsOf,
  ResultOf,
  SubscriptionType,
  Subscriptions,
} from "./types";

/** Drops parameters the user left empty, so that the backend applies its defaults. */
export function compact(params: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === "") continue;
    out[key] = value;
  }
  return out;
}

export class Api {
  constructor(private readonly hass: HomeAssistant) {}

  call<K extends CommandType>(type: K, params: ParamsOf<K>): Promise<ResultOf<K>> {
    const message: Record<string, unknown> = { ...compact(params), type };
    return this.hass.callWS<ResultOf<K>>(message);
  }

  subscribe<K extends SubscriptionType>(
    type: K,
    params: Subscriptions[K]["params"],
    callback: (message: Subscriptions[K]["message"]) => void,
  ): Promise<() => Promise<void>> {
    const message: Record<string, unknown> = { ...compact(params), type };
    return this.hass.connection.subscribeMessage<Subscriptions[K]["message"]>(callback, message);
  }
}
