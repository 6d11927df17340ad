/** 停车: free spaces, cars inside with the fee due, settle at the exit, sessions and unpaid fees. */

import { css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import type { CarInside, ParkingSession, ResultOf, SettleResult } from "../api/types";
import { NO_ERRORS, allFields, checked, errorText, field, formErrors, generalError, textValues, type FormErrors } from "../components/form";
import "../components/sc-dialog";
import { baseStyles } from "../styles";
import { formatMinutes, formatMoney } from "../util/time";
import { ViewBase } from "./base";

type Status = ResultOf<"smart_community/parking/status">;

@customElement("sc-parking-view")
export class ParkingView extends ViewBase {
  static override styles = [
    baseStyles,
    css`
      .stats {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(140px, 1fr));
        gap: 8px;
        margin-bottom: 16px;
      }
      .stat b {
        display: block;
        font-size: 22px;
        font-weight: 500;
      }
      .fee {
        font-size: 28px;
        margin: 8px 0;
      }
    `,
  ];

  @state() private status: Status | null = null;
  @state() private sessions: ParkingSession[] = [];
  @state() private nextCursor: string | null = null;
  @state() private unpaidOnly = false;
  @state() private error = "";
  @state() private notice = "";
  @state() private settling: CarInside | null = null;
  @state() private settleErrors: FormErrors = NO_ERRORS;
  @state() private settled: SettleResult | null = null;
  @state() private enterErrors: FormErrors = NO_ERRORS;
  @state() private busy = false;

  protected load(): void {
    void this.refresh();
    void this.listSessions(false);
  }

  private async refresh(): Promise<void> {
    try {
      this.status = await this.api.call("smart_community/parking/status", { entry_id: this.entryId });
    } catch (error) {
      this.error = errorText(error, this.t).text;
    }
  }

  private async listSessions(more: boolean): Promise<void> {
    try {
      const page = await this.api.call("smart_community/parking/sessions", {
        entry_id: this.entryId,
        unpaid_only: this.unpaidOnly,
        limit: 50,
        ...(more && this.nextCursor ? { cursor: this.nextCursor } : {}),
      });
      this.sessions = more ? [...this.sessions, ...page.sessions] : page.sessions;
      this.nextCursor = page.next_cursor;
    } catch (error) {
      this.error = errorText(error, this.t).text;
    }
  }

  private async settle(paid: boolean): Promise<void> {
    const car = this.settling;
    if (!car) return;
    this.busy = true;
    this.settleErrors = NO_ERRORS;
    try {
      this.settled = await this.api.call("smart_community/parking/settle", { entry_id: this.entryId, plate: car.plate, paid });
      this.settling = null;
      void this.refresh();
      void this.listSessions(false);
    } catch (error) {
      this.settleErrors = formErrors(error, this.t, { plate: car.plate });
    } finally {
      this.busy = false;
    }
  }

  private async collect(session: ParkingSession): Promise<void> {
    this.error = "";
    try {
      const result = await this.api.call("smart_community/parking/collect", { entry_id: this.entryId, session_id: session.session_id });
      this.sessions = this.sessions.map((s) => (s.session_id === session.session_id ? result.session : s));
      if (this.status) this.status = { ...this.status, unpaid_total: result.unpaid_total };
      this.notice = this.t("parking.collected", { plate: session.plate, amount: formatMoney(session.unpaid, this.language) });
    } catch (error) {
      this.error = errorText(error, this.t).text;
    }
  }

  private async enter(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const v = textValues(form, ["plate", "gate"]);
    this.enterErrors = NO_ERRORS;
    try {
      const result = await this.api.call("smart_community/parking/enter", {
        entry_id: this.entryId,
        plate: v.plate ?? "",
        ...(v.gate ? { gate: v.gate } : {}),
        free: checked(form, "free"),
      });
      this.notice = this.t("parking.car_entered", { plate: result.car.plate });
      form.reset();
      void this.refresh();
    } catch (error) {
      this.enterErrors = formErrors(error, this.t, allFields(form, ["plate", "gate"]));
    }
  }

  private renderStats(status: Status) {
    const t = this.t;
    const tariff = status.tariff;
    return html`<div class="stats">
        <div class="card stat"><b data-stat="free">${status.free_spaces}</b><span class="muted">${t("parking.free_spaces")}</span></div>
        <div class="card stat"><b>${status.spaces}</b><span class="muted">${t("parking.spaces")}</span></div>
        <div class="card stat"><b>${status.inside.length}</b><span class="muted">${t("parking.inside")}</span></div>
        <div class="card stat"><b data-stat="unpaid">${formatMoney(status.unpaid_total, this.language)}</b><span class="muted">${t("parking.unpaid_total")}</span></div>
      </div>
      <p class="muted">
        ${t("parking.tariff", {
          rate: formatMoney(tariff.hourly_rate, this.language),
          free: tariff.free_minutes,
        })}
        ${tariff.daily_cap ? t("parking.daily_cap", { cap: formatMoney(tariff.daily_cap, this.language) }) : ""}
        ${tariff.night_rate
          ? t("parking.night_rate", { rate: formatMoney(tariff.night_rate, this.language), start: tariff.night_start ?? "", end: tariff.night_end ?? "" })
          : ""}
      </p>`;
  }

  private renderInside(status: Status) {
    const t = this.t;
    return html`<div class="card" data-section="inside">
      <h2>${t("parking.cars_inside")}</h2>
      ${status.inside.length === 0 ? html`<div class="empty">${t("parking.no_cars")}</div>` : nothing}
      <div class="scroll">
        <table class="cards">
          <thead>
            <tr>
              <th>${t("parking.plate")}</th>
              <th>${t("parking.kind")}</th>
              <th>${t("parking.entered")}</th>
              <th>${t("parking.duration")}</th>
              <th>${t("parking.fee_due")}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            ${status.inside.map(
              (car) => html`<tr data-car=${car.plate}>
                <td data-label=${t("parking.plate")}><b>${car.plate}</b>${car.owner_name ? html`<br /><span class="muted">${car.owner_name}</span>` : nothing}</td>
                <td data-label=${t("parking.kind")}>${t(`parking_kind.${car.kind}`)}</td>
                <td data-label=${t("parking.entered")}>${this.dateTime(car.entered_at)}${car.entry_gate ? html` · ${car.entry_gate}` : nothing}</td>
                <td data-label=${t("parking.duration")}>${formatMinutes(car.minutes, this.language)}</td>
                <td data-label=${t("parking.fee_due")}>${car.free ? t("parking.free") : formatMoney(car.fee_due, this.language)}</td>
                <td>
                  <button
                    class="small primary"
                    data-action="settle"
                    @click=${() => {
                      this.settleErrors = NO_ERRORS;
                      this.settled = null;
                      this.settling = car;
                    }}
                  >
                    ${t("parking.settle")}
                  </button>
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </div>`;
  }

  private renderEnter() {
    const t = this.t;
    const e = this.enterErrors;
    return html`<div class="card">
      <h2>${t("parking.manual_entry")}</h2>
      <form class="form" data-form="enter" @submit=${this.enter} novalidate>
        ${field(t("parking.plate"), "plate", html`<input name="plate" placeholder="皖A12345" />`, e)}
        ${field(
          t("parking.gate"),
          "gate",
          html`<select name="gate">
            <option value="">${t("common.any")}</option>
            ${this.session.community.gates.map((g) => html`<option value=${g}>${g}</option>`)}
          </select>`,
          e,
        )}
        <label class="field check"><input type="checkbox" name="free" /> ${t("parking.enter_free")}</label>
        ${generalError(e)}
        <div class="actions"><button type="submit">${t("parking.let_in")}</button></div>
      </form>
    </div>`;
  }

  private renderSessions() {
    const t = this.t;
    return html`<div class="card" data-section="sessions">
      <div class="row">
        <h2>${t("parking.sessions")}</h2>
        <span class="spacer"></span>
        <label class="field check">
          <input
            type="checkbox"
            name="unpaid_only"
            @change=${(e: Event) => {
              this.unpaidOnly = (e.target as HTMLInputElement).checked;
              void this.listSessions(false);
            }}
          />
          ${t("parking.unpaid_only")}
        </label>
      </div>
      ${this.sessions.length === 0 ? html`<div class="empty">${t("parking.no_sessions")}</div>` : nothing}
      <div class="scroll">
        <table class="cards">
          <tbody>
            ${this.sessions.map(
              (s) => html`<tr data-session=${s.session_id}>
                <td data-label=${t("parking.plate")}><b>${s.plate}</b><br /><span class="muted">${t(`parking_kind.${s.kind}`)}</span></td>
                <td data-label=${t("parking.entered")}>${this.dateTime(s.entered_at)}</td>
                <td data-label=${t("parking.left")}>${this.dateTime(s.left_at)}</td>
                <td data-label=${t("parking.fee")}>${formatMoney(s.fee, this.language)}</td>
                <td data-label=${t("parking.unpaid")}>
                  ${s.unpaid !== "0.00"
                    ? html`<span class="bad">${formatMoney(s.unpaid, this.language)}</span>
                        <button class="small" data-action="collect" @click=${() => this.collect(s)}>${t("parking.collect")}</button>`
                    : html`<span class="ok">${t("parking.paid")}</span>`}
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${this.nextCursor ? html`<button @click=${() => this.listSessions(true)}>${t("common.more")}</button>` : nothing}
    </div>`;
  }

  private renderSettle(car: CarInside) {
    const t = this.t;
    return html`<sc-dialog open heading=${t("parking.settle_heading", { plate: car.plate })} closeLabel=${t("common.close")} @closed=${() => (this.settling = null)}>
      <div data-form="settle">
        <div>${t("parking.entered")}: ${this.dateTime(car.entered_at)} · ${formatMinutes(car.minutes, this.language)}</div>
        <div class="fee">${car.free ? t("parking.free") : formatMoney(car.fee_due, this.language)}</div>
        <p class="muted">${t("parking.settle_hint")}</p>
        ${this.settleErrors.fields.plate ? html`<div class="form-error" role="alert" data-error-for="plate">${this.settleErrors.fields.plate}</div>` : nothing}
        ${generalError(this.settleErrors)}
        <div class="row">
          <button class="primary" data-action="paid" ?disabled=${this.busy} @click=${() => this.settle(true)}>${t("parking.paid_and_leave")}</button>
          ${car.free ? nothing : html`<button class="danger" data-action="owing" ?disabled=${this.busy} @click=${() => this.settle(false)}>${t("parking.leave_owing")}</button>`}
        </div>
      </div>
    </sc-dialog>`;
  }

  protected override render() {
    const t = this.t;
    const status = this.status;
    return html`${this.error ? html`<div class="form-error" role="alert">${this.error}</div>` : nothing}
      ${this.notice ? html`<div class="notice" role="status">${this.notice}</div>` : nothing}
      ${this.settled
        ? html`<div class="notice" role="status" data-settled=${this.settled.plate}>
            ${t("parking.settled", {
              plate: this.settled.plate,
              fee: formatMoney(this.settled.fee, this.language),
              paid: formatMoney(this.settled.paid, this.language),
              unpaid: formatMoney(this.settled.unpaid, this.language),
            })}
          </div>`
        : nothing}
      ${status ? html`${this.renderStats(status)} ${this.renderInside(status)}` : html`<div class="empty">${t("common.loading")}</div>`}
      <div class="columns">${this.renderEnter()} ${this.renderSessions()}</div>
      ${this.settling ? this.renderSettle(this.settling) : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "sc-parking-view": ParkingView;
  }
}
