/** One record in full: pictures, who, where, the decision; acknowledge, correct, follow. */

import { css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { RecordRow } from "../api/types";
import { baseStyles } from "../styles";
import { navigate, viewPath } from "../util/navigate";
import { ViewBase } from "../views/base";
import { errorText } from "./form";
import { fallingOriginText } from "../util/falling";
import "./sc-dialog";

@customElement("sc-record-dialog")
export class ScRecordDialog extends ViewBase {
  static override styles = [
    baseStyles,
    css`
      .pictures {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        margin-bottom: 12px;
      }
      .pictures figure {
        margin: 0;
      }
      .pictures video {
        max-height: 240px;
        max-width: 100%;
        border-radius: 6px;
        background: #000;
      }
      .pictures img {
        max-height: 240px;
        max-width: 100%;
        border-radius: 6px;
        border: 1px solid var(--sc-border);
      }
      figcaption {
        font-size: 12px;
        color: var(--sc-muted);
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 4px 12px;
        margin: 0 0 12px;
      }
      dt {
        color: var(--sc-muted);
      }
      dd {
        margin: 0;
      }
    `,
  ];

  @property({ attribute: false }) record: RecordRow | null = null;
  @state() private error = "";
  @state() private notice = "";
  @state() private busy = false;

  protected load(): void {
    // The record comes from the view that opened the dialog.
  }

  private close(): void {
    this.error = "";
    this.notice = "";
    this.dispatchEvent(new CustomEvent("closed"));
  }

  private async acknowledge(record: RecordRow): Promise<void> {
    this.busy = true;
    try {
      const result = await this.api.call("smart_community/alarms/acknowledge", {
        entry_id: this.entryId,
        record_id: record.id,
      });
      this.record = result.record;
      this.dispatchEvent(new CustomEvent<RecordRow>("record-changed", { detail: result.record }));
    } catch (error) {
      this.error = errorText(error, this.t).text;
    } finally {
      this.busy = false;
    }
  }

  private async notThisPerson(record: RecordRow): Promise<void> {
    if (!record.person_id) return;
    this.busy = true;
    try {
      const result = await this.api.call("smart_community/faces/not_this_person", {
        entry_id: this.entryId,
        record_id: record.id,
        person_id: record.person_id,
      });
      this.notice = this.t("record.not_this_person_done", {
        name: record.person_name ?? record.person_id,
        stranger: this.t("stranger.number", { number: result.stranger_number }),
      });
      this.record = {
        ...record,
        person_id: null,
        person_name: null,
        role: null,
        cluster_id: result.new_cluster_id,
        stranger_number: result.stranger_number,
      };
      this.dispatchEvent(new CustomEvent<RecordRow>("record-changed", { detail: this.record }));
    } catch (error) {
      this.error = errorText(error, this.t).text;
    } finally {
      this.busy = false;
    }
  }

  private follow(view: "trajectory" | "records", record: RecordRow): void {
    this.close();
    navigate(
      viewPath(view, record.person_id ? { person_id: record.person_id } : { cluster_id: record.cluster_id ?? undefined }),
    );
  }

  protected override render() {
    const record = this.record;
    if (!record) return nothing;
    const t = this.t;
    const alarmLike = record.kind === "alarm" || record.kind === "alert";
    const identified = record.person_id !== null || record.cluster_id !== null;
    return html`<sc-dialog open heading=${t(`record_kind.${record.kind}`)} closeLabel=${t("common.close")} @closed=${this.close}>
      <div class="pictures">
        ${record.images.map(
          (image) => html`<figure>
            <img src=${image.url} alt=${t(`image.${image.type}`)} />
            <figcaption>${t(`image.${image.type}`)}</figcaption>
          </figure>`,
        )}
        ${record.clips.map(
          (clip) => html`<figure>
            <video controls preload="metadata" playsinline src=${clip.url}></video>
            <figcaption>${t("image.clip")}</figcaption>
          </figure>`,
        )}
      </div>
      <dl>
        <dt>${t("record.time")}</dt>
        <dd>${this.dateTime(record.time)}</dd>
        <dt>${t("record.where")}</dt>
        <dd>${record.device_name ?? record.device}${record.gate ? ` · ${record.gate}` : ""}</dd>
        ${this.subject(record) ? html`<dt>${t("record.who")}</dt><dd data-subject>${this.subject(record)}</dd>` : nothing}
        ${record.plate
          ? html`<dt>${t("record.plate")}</dt>
              <dd>${record.plate}${record.plate_color ? ` (${t(`plate_color.${record.plate_color}`)})` : ""}</dd>`
          : nothing}
        ${record.method ? html`<dt>${t("record.method")}</dt><dd>${t(`method.${record.method}`)}</dd>` : nothing}
        ${record.outcome
          ? html`<dt>${t("record.decision")}</dt>
              <dd>
                <span class="badge ${record.outcome}">${t(`decision.${record.outcome}`)}</span>
                ${record.reason ? t(`reason.${record.reason}`) : ""}
              </dd>`
          : nothing}
        ${record.similarity !== null
          ? html`<dt>${t("record.similarity")}</dt><dd>${(record.similarity * 100).toFixed(1)} %</dd>`
          : nothing}
        ${record.alarm ? html`<dt>${t("record.alarm")}</dt><dd>${t(`alarm.${record.alarm}`)}</dd>` : nothing}
        ${record.falling
          ? html`<dt>${t("record.origin")}</dt>
              <dd data-origin>${fallingOriginText(record.falling, t)}</dd>`
          : nothing}
        ${record.acknowledged_by
          ? html`<dt>${t("record.acknowledged")}</dt>
              <dd>${record.acknowledged_by} · ${record.acknowledged_at ? this.dateTime(record.acknowledged_at) : ""}</dd>`
          : nothing}
      </dl>
      ${this.error ? html`<div class="form-error" role="alert">${this.error}</div>` : nothing}
      ${this.notice ? html`<div class="notice" role="status">${this.notice}</div>` : nothing}
      <div class="row">
        ${alarmLike && !record.acknowledged_by && this.can("alarms.acknowledge")
          ? html`<button class="primary" ?disabled=${this.busy} @click=${() => this.acknowledge(record)}>
              ${t("live.acknowledge")}
            </button>`
          : nothing}
        ${record.person_id && record.kind !== "plate_read" && this.can("strangers")
          ? html`<button class="danger" ?disabled=${this.busy} @click=${() => this.notThisPerson(record)}>
              ${t("record.not_this_person")}
            </button>`
          : nothing}
        ${identified && this.can("trajectory")
          ? html`<button @click=${() => this.follow("trajectory", record)}>${t("record.open_trajectory")}</button>`
          : nothing}
        ${identified && this.can("records")
          ? html`<button @click=${() => this.follow("records", record)}>${t("record.open_records")}</button>`
          : nothing}
      </div>
    </sc-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "sc-record-dialog": ScRecordDialog;
  }
}
