/**
 * 记录: filter by person, stranger, plate, device, kind and time; pages of thumbnails; export
 * CSV / XLSX (masked, or full for admins); search by a face photo (以图搜图).
 */

import { css, html, nothing } from "lit";
import { customElement, query, state } from "lit/decorators.js";
import {
  EXPORT_FORMATS,
  RECORD_KINDS,
  type ExportFormat,
  type ImageRef,
  type PlanDevice,
  type RecordFilters,
  type RecordKind,
  type RecordRow,
  type ResultOf,
} from "../api/types";
import { NO_ERRORS, checked, errorText, field, formErrors, generalError, textValues, type FormErrors } from "../components/form";
import "../components/sc-images";
import "../components/sc-photo-picker";
import "../components/sc-record-dialog";
import type { RefusedFile } from "../components/sc-photo-picker";
import { baseStyles } from "../styles";
import { download, type PreparedPhoto } from "../util/files";
import { fromLocalInput, toLocalInput } from "../util/time";
import { ViewBase } from "./base";

const PAGE_SIZE = 50;
const FILTER_FIELDS = ["person_id", "cluster_id", "plate", "device", "kind", "start", "end"] as const;

type FaceResult = ResultOf<"smart_community/records/search_by_face">;

@customElement("sc-records-view")
export class RecordsView extends ViewBase {
  static override styles = [
    baseStyles,
    css`
      td.pictures {
        width: 1%;
        white-space: nowrap;
      }
      tr[data-record] {
        cursor: pointer;
      }
      .pager {
        margin-top: 12px;
      }
      .face-preview {
        max-height: 120px;
        border-radius: 6px;
      }
    `,
  ];

  @state() private records: RecordRow[] = [];
  @state() private nextCursor: string | null = null;
  /** Cursors of the pages before the current one (the first page has none). */
  @state() private previous: Array<string | undefined> = [];
  @state() private cursor: string | undefined = undefined;
  @state() private filters: RecordFilters = {};
  @state() private errors: FormErrors = NO_ERRORS;
  @state() private busy = false;
  @state() private searched = false;
  @state() private devices: PlanDevice[] = [];
  @state() private open: RecordRow | null = null;
  @state() private exportNotice = "";
  @state() private exportError = "";
  @state() private face: FaceResult | null = null;
  @state() private facePreview = "";
  @state() private faceError = "";
  @query("form#filters") private form!: HTMLFormElement;

  protected load(): void {
    const fromUrl: RecordFilters = {};
    const person = this.query.get("person_id");
    const cluster = this.query.get("cluster_id");
    const plate = this.query.get("plate");
    if (person) fromUrl.person_id = person;
    if (cluster) fromUrl.cluster_id = cluster;
    if (plate) fromUrl.plate = plate;
    this.filters = fromUrl;
    this.face = null;
    void this.api
      .call("smart_community/site/plan", { entry_id: this.entryId })
      .then((plan) => (this.devices = plan.devices))
      .catch(() => (this.devices = []));
    void this.search(undefined, []);
  }

  private readFilters(): RecordFilters | null {
    const values = textValues(this.form, FILTER_FIELDS);
    const filters: RecordFilters = { ...values } as RecordFilters;
    if (values.kind) filters.kind = values.kind as RecordKind;
    const start = fromLocalInput(values.start ?? "");
    const end = fromLocalInput(values.end ?? "");
    if (start) filters.start = start;
    else delete filters.start;
    if (end) filters.end = end;
    else delete filters.end;
    return filters;
  }

  private async search(cursor: string | undefined, previous: Array<string | undefined>): Promise<void> {
    this.busy = true;
    this.errors = NO_ERRORS;
    try {
      const page = await this.api.call("smart_community/records/search", {
        entry_id: this.entryId,
        ...this.filters,
        limit: PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      });
      this.records = page.records;
      this.nextCursor = page.next_cursor;
      this.cursor = cursor;
      this.previous = previous;
      this.searched = true;
    } catch (error) {
      this.errors = formErrors(error, this.t, { ...Object.fromEntries(FILTER_FIELDS.map((f) => [f, ""])), ...this.filters, cursor });
    } finally {
      this.busy = false;
    }
  }

  private submit(event: Event): void {
    event.preventDefault();
    const filters = this.readFilters();
    if (!filters) return;
    this.filters = filters;
    this.face = null;
    void this.search(undefined, []);
  }

  private async export(format: ExportFormat): Promise<void> {
    this.exportNotice = "";
    this.exportError = "";
    const full = this.can("records.export_full") && checked(this.form, "full");
    try {
      const result = await this.api.call("smart_community/records/export", {
        entry_id: this.entryId,
        ...this.filters,
        format,
        full,
      });
      download(result.url, result.filename);
      this.exportNotice = this.t(result.masked ? "records.exported_masked" : "records.exported_full", {
        rows: result.rows,
        file: result.filename,
      });
    } catch (error) {
      this.exportError = errorText(error, this.t).text;
    }
  }

  private async searchByFace(photos: PreparedPhoto[]): Promise<void> {
    const photo = photos[0];
    if (!photo) return;
    this.faceError = "";
    this.face = null;
    this.facePreview = photo.preview;
    this.busy = true;
    try {
      this.face = await this.api.call("smart_community/records/search_by_face", {
        entry_id: this.entryId,
        image: photo.base64,
        ...(this.filters.start ? { start: this.filters.start } : {}),
        ...(this.filters.end ? { end: this.filters.end } : {}),
      });
    } catch (error) {
      this.faceError = errorText(error, this.t, { image: photo.filename }).text;
    } finally {
      this.busy = false;
    }
  }

  private refused(files: RefusedFile[]): void {
    this.faceError = files.map((f) => `${f.filename}: ${this.t(`error.${f.key}`)}`).join("; ");
  }

  private labels(): Record<string, string> {
    const t = this.t;
    return { face: t("image.face"), scene: t("image.scene"), plate: t("image.plate"), vehicle: t("image.vehicle") };
  }

  private renderFilters() {
    const t = this.t;
    const f = this.filters;
    const e = this.errors;
    return html`<form id="filters" class="form" @submit=${this.submit} novalidate>
      ${field(t("records.person"), "person_id", html`<input name="person_id" .value=${f.person_id ?? ""} placeholder="P00001" />`, e)}
      ${field(t("records.stranger"), "cluster_id", html`<input name="cluster_id" .value=${f.cluster_id ?? ""} placeholder="anon-12" />`, e)}
      ${field(t("records.plate"), "plate", html`<input name="plate" .value=${f.plate ?? ""} placeholder="皖A12345" />`, e)}
      ${field(
        t("records.device"),
        "device",
        html`<select name="device">
          <option value="">${t("common.any")}</option>
          ${this.devices.map((d) => html`<option value=${d.device} ?selected=${f.device === d.device}>${d.name}</option>`)}
        </select>`,
        e,
      )}
      ${field(
        t("records.kind"),
        "kind",
        html`<select name="kind">
          <option value="">${t("common.any")}</option>
          ${RECORD_KINDS.map((k) => html`<option value=${k} ?selected=${f.kind === k}>${t(`record_kind.${k}`)}</option>`)}
        </select>`,
        e,
      )}
      ${field(
        t("records.start"),
        "start",
        html`<input type="datetime-local" name="start" .value=${f.start ? toLocalInput(f.start, this.timeZone) : ""} />`,
        e,
      )}
      ${field(
        t("records.end"),
        "end",
        html`<input type="datetime-local" name="end" .value=${f.end ? toLocalInput(f.end, this.timeZone) : ""} />`,
        e,
      )}
      ${generalError(e)}
      <div class="actions row">
        <button class="primary" type="submit" ?disabled=${this.busy}>${t("records.search")}</button>
        <span class="spacer"></span>
        ${this.can("records.export_full")
          ? html`<label class="field check"><input type="checkbox" name="full" /> ${t("records.export_full")}</label>`
          : nothing}
        ${EXPORT_FORMATS.map(
          (format) => html`<button type="button" data-export=${format} @click=${() => this.export(format)}>
            ${t(`records.export_${format}`)}
          </button>`,
        )}
      </div>
      ${this.exportNotice ? html`<div class="notice wide" role="status">${this.exportNotice}</div>` : nothing}
      ${this.exportError ? html`<div class="form-error wide" role="alert">${this.exportError}</div>` : nothing}
    </form>`;
  }

  private renderTable(records: Array<RecordRow & { match_similarity?: number }>) {
    const t = this.t;
    if (records.length === 0) return html`<div class="empty">${t("records.none")}</div>`;
    return html`<div class="scroll">
      <table class="cards">
        <thead>
          <tr>
            <th>${t("records.pictures")}</th>
            <th>${t("record.time")}</th>
            <th>${t("records.kind")}</th>
            <th>${t("record.who")}</th>
            <th>${t("record.where")}</th>
            <th>${t("record.decision")}</th>
            ${records.some((r) => r.match_similarity !== undefined) ? html`<th>${t("record.similarity")}</th>` : nothing}
          </tr>
        </thead>
        <tbody>
          ${records.map(
            (r) => html`<tr data-record=${r.id} @click=${() => (this.open = r)}>
              <td class="pictures"><sc-images .images=${r.images as ImageRef[]} .labels=${this.labels()}></sc-images></td>
              <td data-label=${t("record.time")}>${this.dateTime(r.time)}</td>
              <td data-label=${t("records.kind")}>${t(`record_kind.${r.kind}`)}</td>
              <td data-label=${t("record.who")}>${this.subject(r)}</td>
              <td data-label=${t("record.where")}>${r.device_name ?? r.device}</td>
              <td data-label=${t("record.decision")}>
                ${r.outcome ? html`<span class="badge ${r.outcome}">${t(`decision.${r.outcome}`)}</span>` : nothing}
                ${r.reason ? html`<span class="muted">${t(`reason.${r.reason}`)}</span>` : nothing}
              </td>
              ${r.match_similarity !== undefined
                ? html`<td data-label=${t("record.similarity")}>${(r.match_similarity * 100).toFixed(1)} %</td>`
                : nothing}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderFace() {
    const t = this.t;
    const face = this.face;
    return html`<div class="card" data-section="face-search">
      <h2>${t("records.face_search")}</h2>
      <p class="muted">${t("records.face_search_hint")}</p>
      <sc-photo-picker
        .fileLabel=${t("photo.from_file")}
        .cameraLabel=${t("photo.from_camera")}
        ?disabled=${this.busy}
        @photos=${(e: CustomEvent<PreparedPhoto[]>) => this.searchByFace(e.detail)}
        @refused=${(e: CustomEvent<RefusedFile[]>) => this.refused(e.detail)}
      ></sc-photo-picker>
      ${this.faceError ? html`<div class="form-error" role="alert" data-error-for="image">${this.faceError}</div>` : nothing}
      ${face
        ? html`<div class="row" data-face-result>
              ${this.facePreview ? html`<img class="face-preview" src=${this.facePreview} alt=${t("image.face")} />` : nothing}
              <div>
                <div>${t("records.faces_in_photo", { count: face.faces_in_photo })}</div>
                <div>
                  ${face.person
                    ? t("records.face_is", {
                        name: face.person.name,
                        similarity: (face.person.similarity * 100).toFixed(1),
                      })
                    : t("records.face_unknown")}
                </div>
                <div class="muted">${t("records.face_matches", { count: face.records.length })}</div>
              </div>
            </div>
            ${this.renderTable(face.records)}`
        : nothing}
    </div>`;
  }

  protected override render() {
    const t = this.t;
    return html`<div class="card">${this.renderFilters()}</div>
      ${this.renderFace()}
      <div class="card" data-section="results">
        <h2>${t("records.results")}</h2>
        ${this.searched ? this.renderTable(this.records) : html`<div class="empty">${t("common.loading")}</div>`}
        <div class="row pager">
          <button
            ?disabled=${this.previous.length === 0 || this.busy}
            data-page="previous"
            @click=${() => this.search(this.previous[this.previous.length - 1], this.previous.slice(0, -1))}
          >
            ${t("common.previous")}
          </button>
          <span class="muted">${t("common.page", { page: this.previous.length + 1 })}</span>
          <button
            ?disabled=${!this.nextCursor || this.busy}
            data-page="next"
            @click=${() => this.search(this.nextCursor ?? undefined, [...this.previous, this.cursor])}
          >
            ${t("common.next")}
          </button>
        </div>
      </div>
      ${this.recordDialog(
        this.open,
        () => (this.open = null),
        (record) => {
          this.open = record;
          this.records = this.records.map((r) => (r.id === record.id ? record : r));
        },
      )}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "sc-records-view": RecordsView;
  }
}
