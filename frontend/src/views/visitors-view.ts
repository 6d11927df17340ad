/**
 * 访客: issue a pass (host, validity window, gates, plate) shown as a QR code that a terminal or
 * the guard scans; revoke; the active, upcoming and expired passes.
 */

import { css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import type { PersonRow, VisitorPass } from "../api/types";
import { NO_ERRORS, allFields, allValues, errorText, field, formErrors, generalError, textValues, type FormErrors } from "../components/form";
import "../components/sc-dialog";
import "../components/sc-qr";
import { baseStyles } from "../styles";
import { fromLocalInput, toLocalInput } from "../util/time";
import { ViewBase } from "./base";

type Status = "active" | "upcoming" | "expired";
const STATUSES: Status[] = ["active", "upcoming", "expired"];
const DEFAULT_VISIT_HOURS = 4;
const VISITOR_FIELDS = ["host", "name", "mobile", "id_number", "valid_from", "valid_until", "plate"] as const;

@customElement("sc-visitors-view")
export class VisitorsView extends ViewBase {
  static override styles = [
    baseStyles,
    css`
      .candidates button {
        display: block;
        width: 100%;
        text-align: start;
        border-radius: 6px;
        margin: 2px 0;
      }
      .pass {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr);
        gap: 16px;
        align-items: center;
      }
      :host([narrow]) .pass {
        grid-template-columns: minmax(0, 1fr);
        justify-items: center;
      }
      sc-qr.big {
        width: min(320px, 80vw);
        height: min(320px, 80vw);
      }
    `,
  ];

  @state() private status: Status = "active";
  @state() private passes: VisitorPass[] = [];
  @state() private nextCursor: string | null = null;
  @state() private errors: FormErrors = NO_ERRORS;
  @state() private error = "";
  @state() private notice = "";
  @state() private host: PersonRow | null = null;
  @state() private candidates: PersonRow[] = [];
  @state() private issued: VisitorPass | null = null;
  @state() private shown: VisitorPass | null = null;
  @state() private busy = false;

  protected load(): void {
    this.readNameCluster();
    void this.list(false);
  }

  private async list(more: boolean): Promise<void> {
    this.error = "";
    try {
      const page = await this.api.call("smart_community/visitors/list", {
        entry_id: this.entryId,
        status: this.status,
        limit: 50,
        ...(more && this.nextCursor ? { cursor: this.nextCursor } : {}),
      });
      this.passes = more ? [...this.passes, ...page.passes] : page.passes;
      this.nextCursor = page.next_cursor;
    } catch (error) {
      this.error = errorText(error, this.t).text;
    }
  }

  private async findHosts(query: string): Promise<void> {
    this.host = null;
    if (!query.trim()) {
      this.candidates = [];
      return;
    }
    try {
      const page = await this.api.call("smart_community/people/list", { entry_id: this.entryId, query, limit: 8 });
      this.candidates = page.people.filter((p) => p.role !== "visitor");
    } catch {
      this.candidates = [];
    }
  }

  private async issue(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const v = textValues(form, VISITOR_FIELDS);
    const gates = allValues(form, "gates");
    const hostId = this.host?.person_id ?? v.host ?? "";
    this.busy = true;
    this.errors = NO_ERRORS;
    try {
      const result = await this.api.call("smart_community/visitors/issue", {
        entry_id: this.entryId,
        host_id: hostId,
        name: v.name ?? "",
        valid_from: fromLocalInput(v.valid_from ?? "") ?? "",
        valid_until: fromLocalInput(v.valid_until ?? "") ?? "",
        gates,
        ...(v.mobile ? { mobile: v.mobile } : {}),
        ...(v.id_number ? { id_number: v.id_number } : {}),
        ...(v.plate ? { plate: v.plate } : {}),
      });
      this.issued = result.pass;
      this.notice = "";
      const named = await this.nameStranger(result.pass.person_id, result.pass.name);
      if (named && "notice" in named) this.notice = named.notice;
      if (named && "error" in named) this.error = named.error;
      this.resetForm(form);
      this.host = null;
      void this.list(false);
    } catch (error) {
      // The host field shows the host id's errors (unknown_person names the id).
      const values = { ...allFields(form, VISITOR_FIELDS), host_id: hostId, gates };
      const errors = formErrors(error, this.t, values);
      if (errors.fields.host_id) errors.fields.host = errors.fields.host_id;
      this.errors = errors;
    } finally {
      this.busy = false;
    }
  }

  /** Empty for the next visitor, with the default window from now (reset() leaves it empty). */
  private resetForm(form: HTMLFormElement): void {
    form.reset();
    const { from, until } = this.defaultWindow();
    (form.elements.namedItem("valid_from") as HTMLInputElement).value = from;
    (form.elements.namedItem("valid_until") as HTMLInputElement).value = until;
  }

  private defaultWindow(): { from: string; until: string } {
    const now = new Date();
    return {
      from: toLocalInput(now, this.timeZone),
      until: toLocalInput(new Date(now.getTime() + DEFAULT_VISIT_HOURS * 3600_000), this.timeZone),
    };
  }

  private async revoke(pass: VisitorPass): Promise<void> {
    this.error = "";
    try {
      const result = await this.api.call("smart_community/visitors/revoke", { entry_id: this.entryId, person_id: pass.person_id });
      this.notice = this.t("visitors.revoked", { name: result.pass.name });
      if (this.issued?.person_id === pass.person_id) this.issued = null;
      void this.list(false);
    } catch (error) {
      this.error = errorText(error, this.t).text;
    }
  }

  private window(pass: VisitorPass): string {
    return `${this.dateTime(pass.valid_from)} – ${this.dateTime(pass.valid_until)}`;
  }

  private gatesText(pass: VisitorPass): string {
    return pass.gates.length ? pass.gates.join("、") : this.t("visitors.all_gates");
  }

  private renderPass(pass: VisitorPass, big: boolean) {
    const t = this.t;
    return html`<div class="pass" data-pass=${pass.person_id}>
      <sc-qr class=${big ? "big" : ""} .value=${pass.qr} .label=${t("visitors.qr_label", { name: pass.name })}></sc-qr>
      <div>
        <h3>${pass.name}</h3>
        <div>${t("visitors.host")}: ${pass.host_name}${pass.host_address ? ` · ${pass.host_address}` : ""}</div>
        <div>${t("visitors.window")}: ${this.window(pass)}</div>
        <div>${t("visitors.gates")}: ${this.gatesText(pass)}</div>
        ${pass.plate ? html`<div>${t("visitors.plate")}: ${pass.plate}</div>` : nothing}
        <div><span class="badge ${pass.status === "active" ? "ok" : pass.status === "upcoming" ? "warn" : "bad"}">${t(`pass_status.${pass.status}`)}</span></div>
      </div>
    </div>`;
  }

  private renderForm() {
    const t = this.t;
    const e = this.errors;
    const window = this.defaultWindow();
    return html`<div class="card">
      <h2>${t("visitors.issue")}</h2>
      ${this.nameCluster
        ? html`<div class="notice">${t("visitors.naming_stranger", { stranger: t("stranger.number", { number: this.nameCluster.number }) })}</div>`
        : nothing}
      <form class="form" data-form="visitor" @submit=${this.issue} novalidate>
        ${field(
          t("visitors.host"),
          "host",
          html`<input
            name="host"
            autocomplete="off"
            placeholder=${t("people.search_placeholder")}
            .value=${this.host ? `${this.host.name} · ${this.host.person_id}` : ""}
            @input=${(ev: Event) => this.findHosts((ev.target as HTMLInputElement).value)}
          />`,
          e,
        )}
        ${this.candidates.length && !this.host
          ? html`<div class="candidates wide">
              ${this.candidates.map(
                (p) => html`<button
                  type="button"
                  data-candidate=${p.person_id}
                  @click=${() => {
                    this.host = p;
                    this.candidates = [];
                  }}
                >
                  ${p.name} (${t(`role.${p.role}`)})${p.building ? ` · ${t("people.address", { building: p.building, unit: p.unit ?? "", room: p.room ?? "" })}` : ""}
                </button>`,
              )}
            </div>`
          : nothing}
        ${field(t("visitors.name"), "name", html`<input name="name" />`, e)}
        ${field(t("people.mobile"), "mobile", html`<input name="mobile" type="tel" />`, e)}
        ${field(t("people.id_number"), "id_number", html`<input name="id_number" autocomplete="off" />`, e)}
        ${field(t("visitors.valid_from"), "valid_from", html`<input type="datetime-local" name="valid_from" .value=${window.from} />`, e)}
        ${field(t("visitors.valid_until"), "valid_until", html`<input type="datetime-local" name="valid_until" .value=${window.until} />`, e)}
        ${field(t("visitors.plate"), "plate", html`<input name="plate" placeholder="皖A12345" />`, e)}
        ${field(
          t("visitors.gates"),
          "gates",
          html`<div class="choices">
            ${this.session.community.gates.map(
              (gate) => html`<label class="field check"><input type="checkbox" name="gates" value=${gate} /> ${gate}</label>`,
            )}
          </div>`,
          e,
          { hint: t("visitors.gates_hint"), wide: true },
        )}
        ${generalError(e)}
        <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${t("visitors.issue_button")}</button></div>
      </form>
      ${this.issued ? html`<div class="card" data-section="issued">${this.renderPass(this.issued, true)}</div>` : nothing}
    </div>`;
  }

  private renderList() {
    const t = this.t;
    return html`<div class="card" data-section="passes">
      <div class="tabs" role="tablist">
        ${STATUSES.map(
          (status) => html`<button
            role="tab"
            data-status=${status}
            aria-selected=${this.status === status ? "true" : "false"}
            @click=${() => {
              this.status = status;
              void this.list(false);
            }}
          >
            ${t(`pass_status.${status}`)}
          </button>`,
        )}
      </div>
      ${this.passes.length === 0 ? html`<div class="empty">${t("visitors.none")}</div>` : nothing}
      <div class="scroll">
        <table class="cards">
          <tbody>
            ${this.passes.map(
              (pass) => html`<tr data-pass=${pass.person_id}>
                <td data-label=${t("visitors.name")}><b>${pass.name}</b><br /><span class="muted">${pass.mobile ?? ""}</span></td>
                <td data-label=${t("visitors.host")}>${pass.host_name}<br /><span class="muted">${pass.host_address ?? ""}</span></td>
                <td data-label=${t("visitors.window")}>${this.window(pass)}</td>
                <td data-label=${t("visitors.gates")}>${this.gatesText(pass)}${pass.plate ? html`<br />${pass.plate}` : nothing}</td>
                <td>
                  <div class="row">
                    ${pass.status !== "expired" && pass.status !== "revoked"
                      ? html`<button class="small" data-action="qr" @click=${() => (this.shown = pass)}>${t("visitors.show_qr")}</button>
                          <button class="small danger" data-action="revoke" @click=${() => this.revoke(pass)}>${t("visitors.revoke")}</button>`
                      : html`<span class="badge bad">${t(`pass_status.${pass.status}`)}</span>`}
                  </div>
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${this.nextCursor ? html`<button @click=${() => this.list(true)}>${t("common.more")}</button>` : nothing}
    </div>`;
  }

  protected override render() {
    const t = this.t;
    return html`${this.error ? html`<div class="form-error" role="alert">${this.error}</div>` : nothing}
      ${this.notice ? html`<div class="notice" role="status">${this.notice}</div>` : nothing}
      <div class="columns">${this.renderForm()} ${this.renderList()}</div>
      ${this.shown
        ? html`<sc-dialog open heading=${t("visitors.pass_of", { name: this.shown.name })} closeLabel=${t("common.close")} @closed=${() => (this.shown = null)}>
            ${this.renderPass(this.shown, true)}
          </sc-dialog>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "sc-visitors-view": VisitorsView;
  }
}
