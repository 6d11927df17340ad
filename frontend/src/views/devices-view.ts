/**
 * 设备 / 一机一档: the register as a table with each device's online state and every
 * validation problem on its cell; a register file checked before anything is imported; the
 * register and police exports; the compliance checklist of the community's tier.
 */

import { css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import type {
  CellProblem,
  Compliance,
  ExportFormat,
  ImportPreview,
  ImportSummary,
  RegisterColumn,
  RegisterTable,
  RegisterTableRow,
} from "../api/types";
import { NO_ERRORS, checked, errorText, formErrors, generalError, type FormErrors } from "../components/form";
import { baseStyles } from "../styles";
import { FileRefused, download, fileToBase64 } from "../util/files";
import { ViewBase } from "./base";

type Tab = "register" | "import" | "compliance";
const TABS: Tab[] = ["register", "import", "compliance"];

@customElement("sc-devices-view")
export class DevicesView extends ViewBase {
  static override styles = [
    baseStyles,
    css`
      table.register td,
      table.register th {
        white-space: nowrap;
        font-size: 13px;
      }
      table.register td.problem {
        background: color-mix(in srgb, var(--sc-error) 14%, transparent);
        outline: 1px solid var(--sc-error);
        white-space: normal;
        min-width: 10em;
      }
      .cell-problem {
        display: block;
        color: var(--sc-error);
        font-size: 11px;
      }
      .register-scroll {
        overflow: auto;
        max-height: 70vh;
      }
      table.register thead th {
        position: sticky;
        top: 0;
        background: var(--sc-card);
        z-index: 1;
      }
      .summary {
        display: flex;
        flex-wrap: wrap;
        gap: 16px;
        margin: 8px 0;
      }
      .item {
        border-bottom: 1px solid var(--sc-border);
        padding: 8px 0;
      }
      .item ul {
        margin: 4px 0;
        padding-inline-start: 20px;
      }
    `,
  ];

  @state() private tab: Tab = "register";
  @state() private table: RegisterTable | null = null;
  @state() private onlyProblems = false;
  @state() private error = "";
  @state() private notice = "";
  @state() private exportError = "";
  @state() private file: { name: string; data: string } | null = null;
  @state() private preview: ImportPreview | null = null;
  @state() private importErrors: FormErrors = NO_ERRORS;
  @state() private imported: ImportSummary | null = null;
  @state() private compliance: Compliance | null = null;
  @state() private busy = false;

  protected load(): void {
    this.table = null;
    this.compliance = null;
    void this.loadRegister();
    void this.loadCompliance();
  }

  private async loadRegister(): Promise<void> {
    try {
      this.table = await this.api.call("smart_community/devices/register", { entry_id: this.entryId });
    } catch (error) {
      this.error = errorText(error, this.t).text;
    }
  }

  private async loadCompliance(): Promise<void> {
    try {
      this.compliance = await this.api.call("smart_community/devices/compliance", { entry_id: this.entryId });
    } catch (error) {
      this.error = errorText(error, this.t).text;
    }
  }

  private async export(police: boolean, format: ExportFormat): Promise<void> {
    this.exportError = "";
    try {
      const result = await this.api.call("smart_community/devices/export", { entry_id: this.entryId, police, format });
      download(result.url, result.filename);
      this.notice = this.t("devices.exported", { rows: result.rows, file: result.filename });
    } catch (error) {
      this.exportError = errorText(error, this.t).text;
    }
  }

  private async check(input: HTMLInputElement): Promise<void> {
    const chosen = input.files?.[0];
    input.value = "";
    if (!chosen) return;
    this.preview = null;
    this.imported = null;
    this.importErrors = NO_ERRORS;
    try {
      const data = await fileToBase64(chosen);
      this.file = { name: chosen.name, data };
      this.busy = true;
      this.preview = await this.api.call("smart_community/devices/check_file", {
        entry_id: this.entryId,
        filename: chosen.name,
        data,
      });
    } catch (error) {
      this.importErrors =
        error instanceof FileRefused
          ? { fields: { data: this.t(`error.${error.key}`) }, general: null }
          : formErrors(error, this.t, { data: chosen.name, filename: chosen.name });
    } finally {
      this.busy = false;
    }
  }

  private async import(event: Event): Promise<void> {
    event.preventDefault();
    const file = this.file;
    if (!file) return;
    const form = event.target as HTMLFormElement;
    this.busy = true;
    this.importErrors = NO_ERRORS;
    try {
      this.imported = await this.api.call("smart_community/devices/import_file", {
        entry_id: this.entryId,
        filename: file.name,
        data: file.data,
        accept_good_rows: checked(form, "accept_good_rows"),
        replace: checked(form, "replace"),
      });
      if (this.imported.applied) {
        this.preview = null;
        this.file = null;
        void this.loadRegister();
        void this.loadCompliance();
      }
    } catch (error) {
      this.importErrors = formErrors(error, this.t, {});
    } finally {
      this.busy = false;
    }
  }

  private heading(column: RegisterColumn): string {
    return this.language === "zh-Hans" ? column.heading : this.t(`column.${column.key}`);
  }

  private problemText(problem: CellProblem): string {
    const where = problem.row ? this.t("devices.row", { row: problem.row }) : this.t("devices.file");
    return `${where} · ${problem.heading}: ${problem.reason}`;
  }

  private renderTable(table: RegisterTable, onlyProblems: boolean) {
    const t = this.t;
    const rows = onlyProblems ? table.rows.filter((r) => r.problems.length) : table.rows;
    const problemsOf = (row: RegisterTableRow) => {
      const byColumn = new Map<string, CellProblem[]>();
      for (const p of row.problems) byColumn.set(p.column ?? "", [...(byColumn.get(p.column ?? "") ?? []), p]);
      return byColumn;
    };
    return html`${table.file_problems.length
        ? html`<div class="form-error" role="alert" data-file-problems>
            ${table.file_problems.map((p) => html`<div>${this.problemText(p)}</div>`)}
          </div>`
        : nothing}
      <div class="register-scroll">
        <table class="register">
          <thead>
            <tr>
              <th>${t("devices.row_heading")}</th>
              <th>${t("devices.online")}</th>
              ${table.columns.map((c) => html`<th title=${c.heading} data-column=${c.key}>${this.heading(c)}${c.police ? "" : " *"}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${rows.map((row) => {
              const problems = problemsOf(row);
              const wholeRow = problems.get("") ?? [];
              return html`<tr data-row=${row.row} data-code=${row.code}>
                <td>${row.row || ""}</td>
                <td>
                  <span
                    class="dot ${row.online === true ? "online" : row.online === false ? "offline" : ""}"
                    title=${row.online === null ? t("common.unknown") : row.online ? t("common.online") : t("common.offline")}
                  ></span>
                </td>
                ${table.columns.map((c) => {
                  const cell = problems.get(c.key) ?? [];
                  return html`<td class=${cell.length ? "problem" : ""} data-cell=${c.key}>
                    ${row.cells[c.key] ?? ""}
                    ${cell.map((p) => html`<span class="cell-problem" role="note">${p.reason}</span>`)}
                  </td>`;
                })}
              </tr>
              ${wholeRow.length
                ? html`<tr>
                    <td></td>
                    <td colspan=${table.columns.length + 1} class="problem">${wholeRow.map((p) => html`<span class="cell-problem">${p.reason}</span>`)}</td>
                  </tr>`
                : nothing}`;
            })}
          </tbody>
        </table>
      </div>
      <p class="muted">${t("devices.police_columns_note")}</p>`;
  }

  private renderRegister() {
    const t = this.t;
    const table = this.table;
    const problems = table ? table.rows.reduce((n, r) => n + r.problems.length, 0) + table.file_problems.length : 0;
    return html`<div class="card" data-section="register">
      <div class="row">
        <h2>${t("devices.register")}</h2>
        ${table
          ? html`<span class="muted">${t("devices.summary", { devices: table.rows.length, problems })}</span>`
          : nothing}
        <span class="spacer"></span>
        <label class="field check">
          <input type="checkbox" name="only_problems" @change=${(e: Event) => (this.onlyProblems = (e.target as HTMLInputElement).checked)} />
          ${t("devices.only_problems")}
        </label>
      </div>
      <div class="row" style="margin:8px 0">
        <button data-export="register-csv" @click=${() => this.export(false, "csv")}>${t("devices.export_csv")}</button>
        <button data-export="register-xlsx" @click=${() => this.export(false, "xlsx")}>${t("devices.export_xlsx")}</button>
        <button class="primary" data-export="police-xlsx" @click=${() => this.export(true, "xlsx")}>${t("devices.export_police")}</button>
      </div>
      ${this.exportError ? html`<div class="form-error" role="alert">${this.exportError}</div>` : nothing}
      ${table ? this.renderTable(table, this.onlyProblems) : html`<div class="empty">${t("common.loading")}</div>`}
    </div>`;
  }

  private renderImport() {
    const t = this.t;
    const preview = this.preview;
    const e = this.importErrors;
    const problems = preview ? preview.rows.reduce((n, r) => n + r.problems.length, 0) + preview.file_problems.length : 0;
    return html`<div class="card" data-section="import">
      <h2>${t("devices.import")}</h2>
      <p class="muted">${t("devices.import_hint")}</p>
      <label class="field ${e.fields.data ? "invalid" : ""}" data-field="data">
        <span>${t("devices.register_file")}</span>
        <input
          type="file"
          name="data"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          ?disabled=${!this.can("devices.import")}
          @change=${(ev: Event) => this.check(ev.target as HTMLInputElement)}
        />
        ${e.fields.data ? html`<span class="field-error" role="alert" data-error-for="data">${e.fields.data}</span>` : nothing}
      </label>
      ${!this.can("devices.import") ? html`<p class="muted">${t("devices.import_admin_only")}</p>` : nothing}
      ${preview
        ? html`<div data-preview>
            <div class="summary">
              <b>${this.file?.name ?? ""}</b>
              <span>${t("devices.preview_rows", { rows: preview.rows.length })}</span>
              <span class=${problems ? "bad" : "ok"}>${t("devices.preview_problems", { problems })}</span>
              <span>${t("devices.preview_added", { count: preview.added.length })}</span>
              <span>${t("devices.preview_updated", { count: preview.updated.length })}</span>
              <span>${t("devices.preview_unchanged", { count: preview.unchanged })}</span>
              <span>${t("devices.preview_absent", { count: preview.absent_from_file.length })}</span>
            </div>
            ${this.renderTable(preview, problems > 0)}
            <form class="form" data-form="import" @submit=${this.import} novalidate>
              <label class="field check"><input type="checkbox" name="accept_good_rows" /> ${t("devices.accept_good_rows")}</label>
              <label class="field check"><input type="checkbox" name="replace" /> ${t("devices.replace")}</label>
              ${generalError(e)}
              <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${t("devices.import_button")}</button></div>
            </form>
          </div>`
        : generalError(e)}
      ${this.imported
        ? html`<div class=${this.imported.applied ? "notice" : "form-error"} role="status" data-imported>
            ${this.imported.applied
              ? t("devices.imported", {
                  added: this.imported.added.length,
                  updated: this.imported.updated.length,
                  removed: this.imported.removed.length,
                  problems: this.imported.problems.length,
                })
              : t("devices.not_imported", { problems: this.imported.problems.length })}
          </div>`
        : nothing}
    </div>`;
  }

  private renderCompliance() {
    const t = this.t;
    const c = this.compliance;
    if (!c) return html`<div class="card empty">${t("common.loading")}</div>`;
    const open = c.items.filter((i) => !i.met);
    return html`<div class="card" data-section="compliance">
      <div class="row">
        <h2>${t("devices.compliance")}</h2>
        <span class="badge">${t(`tier.${c.tier}`)}</span>
        <span class="badge ${c.compliant ? "ok" : "bad"}" data-compliant=${String(c.compliant)}>
          ${c.compliant ? t("devices.compliant") : t("devices.not_compliant", { count: open.length })}
        </span>
      </div>
      ${c.items.map(
        (item) => html`<div class="item" data-requirement=${item.id}>
          <div class="row">
            <span class=${item.met ? "ok" : "bad"}>${item.met ? "✓" : "✗"}</span>
            <b>${this.language === "zh-Hans" ? item.title_zh : item.title_en}</b>
            <span class="muted">${item.id}</span>
          </div>
          ${item.missing.length
            ? html`<div class="bad">${t("devices.missing")}</div>
                <ul>
                  ${item.missing.map((m) => html`<li>${m}</li>`)}
                </ul>`
            : nothing}
          ${item.evidence.length
            ? html`<details>
                <summary class="muted">${t("devices.evidence", { count: item.evidence.length })}</summary>
                <ul>
                  ${item.evidence.map((m) => html`<li>${m}</li>`)}
                </ul>
              </details>`
            : nothing}
        </div>`,
      )}
    </div>`;
  }

  protected override render() {
    const t = this.t;
    return html`<div class="tabs" role="tablist">
        ${TABS.map(
          (tab) => html`<button role="tab" data-tab=${tab} aria-selected=${this.tab === tab ? "true" : "false"} @click=${() => (this.tab = tab)}>
            ${t(`devices.tab_${tab}`)}
          </button>`,
        )}
      </div>
      ${this.error ? html`<div class="form-error" role="alert">${this.error}</div>` : nothing}
      ${this.notice ? html`<div class="notice" role="status">${this.notice}</div>` : nothing}
      ${this.tab === "register" ? this.renderRegister() : nothing} ${this.tab === "import" ? this.renderImport() : nothing}
      ${this.tab === "compliance" ? this.renderCompliance() : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "sc-devices-view": DevicesView;
  }
}
