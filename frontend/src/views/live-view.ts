/**
 * 实时: recognitions, passages, plates and alarms as they happen (one subscription), the
 * gates with an open button, and the alarms still waiting for a guard.
 */

import { css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import type { Gate, LiveCounts, LiveMessage, RecordRow } from "../api/types";
import { errorText } from "../components/form";
import "../components/sc-images";
import "../components/sc-record-dialog";
import { baseStyles } from "../styles";
import { ViewBase } from "./base";
import { fallingOriginShort } from "../util/falling";

/** Records kept in the feed; older ones are in Records. */
const FEED_LENGTH = 200;

type Filter = "all" | "people" | "vehicles" | "alarms";

const PEOPLE_KINDS = new Set(["face_capture", "recognition", "door_open", "turnstile_open"]);
const VEHICLE_KINDS = new Set(["plate_read", "barrier_open"]);

export function matchesFilter(record: RecordRow, filter: Filter): boolean {
  switch (filter) {
    case "all":
      return true;
    case "people":
      return PEOPLE_KINDS.has(record.kind) || (record.kind === "denial" && record.plate === null);
    case "vehicles":
      return VEHICLE_KINDS.has(record.kind) || (record.kind === "denial" && record.plate !== null);
    case "alarms":
      return record.kind === "alarm" || record.kind === "alert";
  }
}

@customElement("sc-live-view")
export class LiveView extends ViewBase {
  static override styles = [
    baseStyles,
    css`
      .layout {
        display: grid;
        grid-template-columns: minmax(0, 2fr) minmax(260px, 1fr);
        gap: 16px;
      }
      :host([narrow]) .layout {
        grid-template-columns: minmax(0, 1fr);
      }
      .counts {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(110px, 1fr));
        gap: 8px;
        margin-bottom: 16px;
      }
      .count {
        background: var(--sc-card);
        border: 1px solid var(--sc-border);
        border-radius: var(--sc-radius);
        padding: 8px 12px;
      }
      .count b {
        display: block;
        font-size: 22px;
        font-weight: 500;
      }
      .event {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr) auto;
        gap: 10px;
        align-items: center;
        padding: 8px 0;
        border-bottom: 1px solid var(--sc-border);
        cursor: pointer;
      }
      .event:hover {
        background: var(--secondary-background-color, rgba(0, 0, 0, 0.03));
      }
      .who {
        font-weight: 500;
      }
      .where {
        color: var(--sc-muted);
        font-size: 12px;
      }
      .when {
        color: var(--sc-muted);
        font-size: 12px;
        text-align: end;
      }
      .gate {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 6px 0;
        border-bottom: 1px solid var(--sc-border);
      }
      .gate .name {
        flex: 1;
        min-width: 0;
      }
      .gate-error {
        color: var(--sc-error);
        font-size: 12px;
        flex-basis: 100%;
      }
      .gate {
        flex-wrap: wrap;
      }
      .alarm {
        display: flex;
        gap: 8px;
        align-items: center;
        padding: 6px 0;
        border-bottom: 1px solid var(--sc-border);
      }
      .alarm .text {
        flex: 1;
        min-width: 0;
        cursor: pointer;
      }
      .status {
        font-size: 12px;
      }
    `,
  ];

  @state() private events: RecordRow[] = [];
  @state() private gates: Gate[] = [];
  @state() private alarms: RecordRow[] = [];
  @state() private counts: LiveCounts | null = null;
  @state() private filter: Filter = "all";
  @state() private connected = false;
  @state() private error = "";
  @state() private gateErrors: Record<string, string> = {};
  @state() private gateNotices: Record<string, string> = {};
  @state() private opening = "";
  @state() private open: RecordRow | null = null;
  private unsubscribe: (() => Promise<void>) | null = null;

  protected load(): void {
    void this.subscribe();
  }

  /** Bumped by every (un)subscription: a subscription that resolves late is dropped. */
  private generation = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved back into the page (not the first connection: load() subscribes then).
    if (this.hasUpdated && this.session) void this.subscribe();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.generation += 1;
    void this.stop();
  }

  private async stop(): Promise<void> {
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = null;
    this.connected = false;
    if (unsubscribe) await unsubscribe().catch(() => undefined);
  }

  private async subscribe(): Promise<void> {
    const generation = ++this.generation;
    await this.stop();
    this.error = "";
    try {
      const unsubscribe = await this.api.subscribe(
        "smart_community/live/subscribe",
        { entry_id: this.entryId, limit: 50 },
        (message) => {
          if (generation === this.generation) this.receive(message);
        },
      );
      if (generation !== this.generation) {
        await unsubscribe();
        return;
      }
      this.unsubscribe = unsubscribe;
      this.connected = true;
    } catch (error) {
      this.error = errorText(error, this.t).text;
    }
  }

  private receive(message: LiveMessage): void {
    switch (message.type) {
      case "snapshot":
        this.events = message.events.slice(0, FEED_LENGTH);
        this.gates = message.gates;
        this.alarms = message.alarms;
        this.counts = message.counts;
        break;
      case "event":
        this.events = [message.event, ...this.events.filter((e) => e.id !== message.event.id)].slice(0, FEED_LENGTH);
        break;
      case "gate":
        this.gates = this.gates.some((g) => g.device === message.gate.device)
          ? this.gates.map((g) => (g.device === message.gate.device ? message.gate : g))
          : [...this.gates, message.gate];
        break;
      case "alarm":
        this.alarms = message.alarm.acknowledged_by
          ? this.alarms.filter((a) => a.id !== message.alarm.id)
          : [message.alarm, ...this.alarms.filter((a) => a.id !== message.alarm.id)];
        break;
      case "counts":
        this.counts = message.counts;
        break;
    }
  }

  private async openGate(gate: Gate): Promise<void> {
    this.opening = gate.device;
    this.gateErrors = { ...this.gateErrors, [gate.device]: "" };
    this.gateNotices = { ...this.gateNotices, [gate.device]: "" };
    try {
      const result = await this.api.call("smart_community/gates/open", { entry_id: this.entryId, device: gate.device });
      this.gateNotices = { ...this.gateNotices, [gate.device]: this.t("live.gate_opened", { user: result.opened_by }) };
    } catch (error) {
      this.gateErrors = { ...this.gateErrors, [gate.device]: errorText(error, this.t).text };
    } finally {
      this.opening = "";
    }
  }

  private async acknowledge(alarm: RecordRow): Promise<void> {
    try {
      const result = await this.api.call("smart_community/alarms/acknowledge", {
        entry_id: this.entryId,
        record_id: alarm.id,
      });
      this.changed(result.record);
    } catch (error) {
      this.error = errorText(error, this.t).text;
    }
  }

  private changed(record: RecordRow): void {
    if (this.open?.id === record.id) this.open = record;
    this.events = this.events.map((e) => (e.id === record.id ? record : e));
    if (record.acknowledged_by) this.alarms = this.alarms.filter((a) => a.id !== record.id);
  }

  private imageLabels(): Record<string, string> {
    const t = this.t;
    return { face: t("image.face"), scene: t("image.scene"), plate: t("image.plate"), vehicle: t("image.vehicle") };
  }

  private renderCounts(counts: LiveCounts) {
    const t = this.t;
    const items: Array<[string, number]> = [
      [t("live.people_inside"), counts.people_inside],
      [t("live.visitors_inside"), counts.visitors_inside],
      [t("live.entries_today"), counts.entries_today],
      [t("live.exits_today"), counts.exits_today],
      [t("live.free_spaces"), counts.free_spaces],
      [t("live.open_alarms"), counts.open_alarms],
    ];
    return html`<div class="counts">
      ${items.map(([label, value]) => html`<div class="count"><b>${value}</b><span class="muted">${label}</span></div>`)}
    </div>`;
  }

  private renderEvent(record: RecordRow) {
    const t = this.t;
    const subject = this.subject(record) || t(`record_kind.${record.kind}`);
    return html`<div class="event" data-record=${record.id} @click=${() => (this.open = record)}>
      <sc-images .images=${record.images} .labels=${this.imageLabels()} max="2"></sc-images>
      <div>
        <div class="who">${subject}</div>
        <div class="where">
          ${record.gate ?? record.device_name ?? record.device} · ${t(`record_kind.${record.kind}`)}
          ${record.method ? html` · ${t(`method.${record.method}`)}` : nothing}
          ${record.alarm ? html` · ${t(`alarm.${record.alarm}`)}` : nothing}
          ${record.falling ? html` · ${fallingOriginShort(record.falling, t)}` : nothing}
        </div>
        ${record.outcome
          ? html`<div>
              <span class="badge ${record.outcome}">${t(`decision.${record.outcome}`)}</span>
              <span class="muted">${record.reason ? t(`reason.${record.reason}`) : ""}</span>
            </div>`
          : nothing}
      </div>
      <div class="when">${this.time(record.time)}</div>
    </div>`;
  }

  private renderGates() {
    const t = this.t;
    return html`<div class="card" data-section="gates">
      <h2>${t("live.gates")}</h2>
      ${this.gates.length === 0 ? html`<div class="empty">${t("live.no_gates")}</div>` : nothing}
      ${this.gates.map(
        (gate) => html`<div class="gate" data-gate=${gate.device}>
          <span
            class="dot ${gate.online === true ? "online" : gate.online === false ? "offline" : ""}"
            title=${gate.online === false ? t("common.offline") : t("common.online")}
          ></span>
          <span class="name">${gate.name}<br /><span class="muted">${t(`gate_kind.${gate.kind}`)} · ${t(`gate_state.${gate.state}`)}</span></span>
          ${this.can("gates.open")
            ? html`<button class="small" ?disabled=${this.opening === gate.device} @click=${() => this.openGate(gate)}>
                ${t("live.open_gate")}
              </button>`
            : nothing}
          ${this.gateErrors[gate.device]
            ? html`<span class="gate-error" role="alert">${this.gateErrors[gate.device]}</span>`
            : nothing}
          ${this.gateNotices[gate.device] ? html`<span class="status ok" role="status">${this.gateNotices[gate.device]}</span>` : nothing}
        </div>`,
      )}
    </div>`;
  }

  private renderAlarms() {
    const t = this.t;
    return html`<div class="card" data-section="alarms">
      <h2>${t("live.alarms")}</h2>
      ${this.alarms.length === 0 ? html`<div class="empty">${t("live.no_alarms")}</div>` : nothing}
      ${this.alarms.map(
        (alarm) => html`<div class="alarm" data-alarm=${alarm.id}>
          <span class="badge ${alarm.kind === "alert" ? "alert" : "deny"}">${t(`record_kind.${alarm.kind}`)}</span>
          <span class="text" @click=${() => (this.open = alarm)}>
            ${alarm.alarm ? t(`alarm.${alarm.alarm}`) : this.subject(alarm)}${alarm.falling
              ? html` · <span data-origin>${fallingOriginShort(alarm.falling, t)}</span>`
              : nothing}<br />
            <span class="muted">${alarm.device_name ?? alarm.device} · ${this.time(alarm.time)}</span>
          </span>
          ${this.can("alarms.acknowledge")
            ? html`<button class="small" @click=${() => this.acknowledge(alarm)}>${t("live.acknowledge")}</button>`
            : nothing}
        </div>`,
      )}
    </div>`;
  }

  protected override render() {
    const t = this.t;
    const filters: Filter[] = ["all", "people", "vehicles", "alarms"];
    const shown = this.events.filter((e) => matchesFilter(e, this.filter));
    return html`
      ${this.counts ? this.renderCounts(this.counts) : nothing}
      ${this.error ? html`<div class="form-error" role="alert">${this.error}</div>` : nothing}
      <div class="layout">
        <div class="card" data-section="feed">
          <div class="row">
            <h2>${t("live.feed")}</h2>
            <span class="spacer"></span>
            <span class="status ${this.connected ? "ok" : "bad"}">${this.connected ? t("live.connected") : t("live.disconnected")}</span>
          </div>
          <div class="tabs" role="tablist">
            ${filters.map(
              (filter) => html`<button
                role="tab"
                data-filter=${filter}
                aria-selected=${this.filter === filter ? "true" : "false"}
                @click=${() => (this.filter = filter)}
              >
                ${t(`live.filter_${filter}`)}
              </button>`,
            )}
          </div>
          ${shown.length === 0 ? html`<div class="empty">${t("live.waiting")}</div>` : nothing}
          ${shown.map((record) => this.renderEvent(record))}
        </div>
        <div>${this.renderGates()} ${this.renderAlarms()}</div>
      </div>
      ${this.recordDialog(this.open, () => (this.open = null), (record) => this.changed(record))}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "sc-live-view": LiveView;
  }
}
