/**
 * 轨迹: one person or stranger over a time range, as a timeline with pictures and as a numbered
 * path on the site plan drawn from the register's device coordinates.
 */

import { css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import type { PlanDevice, ResultOf, TrajectoryPoint } from "../api/types";
import { NO_ERRORS, field, formErrors, generalError, textValues, type FormErrors } from "../components/form";
import "../components/sc-images";
import "../components/sc-site-plan";
import { baseStyles } from "../styles";
import { fromLocalInput, toLocalInput } from "../util/time";
import { ViewBase } from "./base";

type Trajectory = ResultOf<"smart_community/records/trajectory">;

@customElement("sc-trajectory-view")
export class TrajectoryView extends ViewBase {
  static override styles = [
    baseStyles,
    css`
      .layout {
        display: grid;
        grid-template-columns: minmax(0, 3fr) minmax(260px, 2fr);
        gap: 16px;
      }
      :host([narrow]) .layout {
        grid-template-columns: minmax(0, 1fr);
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        max-height: 640px;
        overflow: auto;
      }
      li {
        display: grid;
        grid-template-columns: 28px minmax(0, 1fr) auto;
        gap: 8px;
        align-items: center;
        padding: 6px 4px;
        border-bottom: 1px solid var(--sc-border);
        cursor: pointer;
      }
      li[aria-current="true"] {
        background: var(--secondary-background-color, rgba(0, 0, 0, 0.05));
      }
      .n {
        width: 24px;
        height: 24px;
        border-radius: 50%;
        background: var(--sc-error);
        color: #fff;
        display: grid;
        place-items: center;
        font-size: 12px;
      }
    `,
  ];

  @state() private devices: PlanDevice[] = [];
  @state() private result: Trajectory | null = null;
  @state() private errors: FormErrors = NO_ERRORS;
  @state() private busy = false;
  @state() private selected = "";
  @state() private initial: Record<string, string> = {};

  protected load(): void {
    const initial: Record<string, string> = {};
    for (const name of ["person_id", "cluster_id", "start", "end"]) {
      const value = this.query.get(name);
      if (value) initial[name] = value;
    }
    this.initial = initial;
    this.result = null;
    void this.api
      .call("smart_community/site/plan", { entry_id: this.entryId })
      .then((plan) => (this.devices = plan.devices))
      .catch(() => (this.devices = []));
    if (initial.person_id || initial.cluster_id) void this.trace(initial);
  }

  private async trace(values: Record<string, string>): Promise<void> {
    this.busy = true;
    this.errors = NO_ERRORS;
    const params = {
      entry_id: this.entryId,
      ...(values.person_id ? { person_id: values.person_id } : {}),
      ...(values.cluster_id ? { cluster_id: values.cluster_id } : {}),
      ...(values.start ? { start: fromLocalInput(values.start) ?? values.start } : {}),
      ...(values.end ? { end: fromLocalInput(values.end) ?? values.end } : {}),
    };
    try {
      this.result = await this.api.call("smart_community/records/trajectory", params);
      this.selected = "";
    } catch (error) {
      this.result = null;
      this.errors = formErrors(error, this.t, { person_id: "", cluster_id: "", start: "", end: "", ...values });
    } finally {
      this.busy = false;
    }
  }

  private submit(event: Event): void {
    event.preventDefault();
    const values = textValues(event.target as HTMLFormElement, ["person_id", "cluster_id", "start", "end"]);
    void this.trace({ person_id: "", cluster_id: "", start: "", end: "", ...values });
  }

  private subjectName(result: Trajectory): string {
    const s = result.subject;
    if (s.name) return s.role ? `${s.name} (${this.t(`role.${s.role}`)})` : s.name;
    if (s.stranger_number !== null) return this.t("stranger.number", { number: s.stranger_number });
    return s.person_id ?? s.cluster_id ?? "";
  }

  private renderPoint(point: TrajectoryPoint, index: number) {
    const label = String(index + 1);
    const t = this.t;
    return html`<li
      data-point=${label}
      aria-current=${this.selected === label ? "true" : "false"}
      @click=${() => (this.selected = label)}
    >
      <span class="n">${label}</span>
      <span>
        ${point.device_name ?? point.device}<br />
        <span class="muted">${this.dateTime(point.time)} · ${t(`record_kind.${point.kind}`)}</span>
      </span>
      <sc-images
        .images=${point.images}
        .labels=${{ face: t("image.face"), scene: t("image.scene"), plate: t("image.plate"), vehicle: t("image.vehicle") }}
        max="1"
      ></sc-images>
    </li>`;
  }

  protected override render() {
    const t = this.t;
    const e = this.errors;
    const v = this.initial;
    const result = this.result;
    const unplaced = this.devices.filter((d) => d.longitude === null || d.latitude === null);
    return html`<div class="card">
        <form class="form" @submit=${this.submit} novalidate>
          ${field(t("records.person"), "person_id", html`<input name="person_id" .value=${v.person_id ?? ""} />`, e)}
          ${field(t("records.stranger"), "cluster_id", html`<input name="cluster_id" .value=${v.cluster_id ?? ""} />`, e)}
          ${field(
            t("records.start"),
            "start",
            html`<input type="datetime-local" name="start" .value=${v.start ? toLocalInput(v.start, this.timeZone) : ""} />`,
            e,
          )}
          ${field(
            t("records.end"),
            "end",
            html`<input type="datetime-local" name="end" .value=${v.end ? toLocalInput(v.end, this.timeZone) : ""} />`,
            e,
          )}
          ${generalError(e)}
          <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${t("trajectory.show")}</button></div>
        </form>
      </div>
      <div class="layout">
        <div class="card" data-section="plan">
          <h2>${t("trajectory.plan")}</h2>
          <sc-site-plan
            .devices=${this.devices}
            .points=${result ? result.points.map((p, i) => ({ device: p.device, label: String(i + 1) })) : []}
            .selected=${this.selected}
            .label=${t("trajectory.plan")}
            .buildingName=${(building: string) => t("people.building", { building })}
            .unplacedText=${unplaced.length
              ? t("trajectory.unplaced", { devices: unplaced.map((d) => d.name).join("、") })
              : ""}
          ></sc-site-plan>
        </div>
        <div class="card" data-section="timeline">
          <h2>${result ? this.subjectName(result) : t("trajectory.timeline")}</h2>
          ${result
            ? result.points.length
              ? html`<ol>
                  ${result.points.map((p, i) => this.renderPoint(p, i))}
                </ol>`
              : html`<div class="empty">${t("trajectory.none")}</div>`
            : html`<div class="empty">${t("trajectory.choose")}</div>`}
        </div>
      </div>
      ${nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "sc-trajectory-view": TrajectoryView;
  }
}
