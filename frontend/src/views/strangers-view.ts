/**
 * 陌生人: unknown-face clusters with visits, first / last seen, places and sample crops. Name
 * one (an existing person, or register a new resident or visitor with it), merge two, take a
 * wrong sample out ("not this person", kept as a negative example), put one on the watch list.
 */

import { css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { WATCH_KINDS, type PersonRow, type StrangerCluster, type WatchKind } from "../api/types";
import { NO_ERRORS, errorText, field, formErrors, generalError, textValues, type FormErrors } from "../components/form";
import "../components/sc-dialog";
import { baseStyles } from "../styles";
import { navigate, viewPath } from "../util/navigate";
import { ViewBase } from "./base";

type Action = { kind: "name" | "merge" | "watch"; cluster: StrangerCluster };

@customElement("sc-strangers-view")
export class StrangersView extends ViewBase {
  static override styles = [
    baseStyles,
    css`
      .clusters {
        display: grid;
        gap: 12px;
        grid-template-columns: repeat(auto-fill, minmax(280px, 1fr));
      }
      .samples {
        display: flex;
        gap: 4px;
        flex-wrap: wrap;
        margin: 8px 0;
      }
      .sample {
        position: relative;
      }
      .sample button {
        position: absolute;
        top: -6px;
        right: -6px;
        min-height: 0;
        width: 22px;
        height: 22px;
        padding: 0;
        justify-content: center;
        background: var(--sc-card);
        font-size: 12px;
      }
      .facts {
        font-size: 13px;
        line-height: 1.6;
      }
      .candidates button {
        display: block;
        width: 100%;
        text-align: start;
        border-radius: 6px;
        margin: 4px 0;
      }
    `,
  ];

  @state() private clusters: StrangerCluster[] = [];
  @state() private nextCursor: string | null = null;
  @state() private sort: "last_seen" | "visits" = "last_seen";
  @state() private watchOnly = false;
  @state() private error = "";
  @state() private notice = "";
  @state() private action: Action | null = null;
  @state() private errors: FormErrors = NO_ERRORS;
  @state() private candidates: PersonRow[] = [];
  @state() private busy = false;

  protected load(): void {
    void this.list(false);
  }

  private async list(more: boolean): Promise<void> {
    this.error = "";
    try {
      const page = await this.api.call("smart_community/strangers/list", {
        entry_id: this.entryId,
        sort: this.sort,
        watch_only: this.watchOnly,
        limit: 48,
        ...(more && this.nextCursor ? { cursor: this.nextCursor } : {}),
      });
      this.clusters = more ? [...this.clusters, ...page.clusters] : page.clusters;
      this.nextCursor = page.next_cursor;
    } catch (error) {
      this.error = errorText(error, this.t).text;
    }
  }

  private replace(cluster: StrangerCluster, removed: string | null = null): void {
    this.clusters = this.clusters
      .filter((c) => c.cluster_id !== removed)
      .map((c) => (c.cluster_id === cluster.cluster_id ? cluster : c));
  }

  private startAction(kind: Action["kind"], cluster: StrangerCluster): void {
    this.action = { kind, cluster };
    this.errors = NO_ERRORS;
    this.candidates = [];
  }

  private async findPeople(query: string): Promise<void> {
    if (query.trim().length < 1) {
      this.candidates = [];
      return;
    }
    try {
      const page = await this.api.call("smart_community/people/list", { entry_id: this.entryId, query, limit: 10 });
      this.candidates = page.people;
    } catch {
      this.candidates = [];
    }
  }

  private async name(cluster: StrangerCluster, personId: string): Promise<void> {
    this.busy = true;
    try {
      const result = await this.api.call("smart_community/strangers/name", {
        entry_id: this.entryId,
        cluster_id: cluster.cluster_id,
        person_id: personId,
      });
      this.clusters = this.clusters.filter((c) => c.cluster_id !== cluster.cluster_id);
      this.notice = this.t("strangers.named", {
        stranger: this.t("stranger.number", { number: cluster.number }),
        name: result.name,
      });
      this.action = null;
    } catch (error) {
      this.errors = formErrors(error, this.t, { person_id: personId });
    } finally {
      this.busy = false;
    }
  }

  private async submitAction(event: Event): Promise<void> {
    event.preventDefault();
    const action = this.action;
    if (!action) return;
    const form = event.target as HTMLFormElement;
    const values = textValues(form, ["person_id", "into", "watch_list", "reason"]);
    this.errors = NO_ERRORS;
    if (action.kind === "name") {
      await this.name(action.cluster, values.person_id ?? "");
      return;
    }
    this.busy = true;
    try {
      if (action.kind === "merge") {
        const result = await this.api.call("smart_community/strangers/merge", {
          entry_id: this.entryId,
          cluster_id: action.cluster.cluster_id,
          into: values.into ?? "",
        });
        this.replace(result.cluster, action.cluster.cluster_id);
        this.notice = this.t("strangers.merged", {
          stranger: this.t("stranger.number", { number: action.cluster.number }),
          into: this.t("stranger.number", { number: result.cluster.number }),
        });
      } else {
        const result = await this.api.call("smart_community/strangers/watch", {
          entry_id: this.entryId,
          cluster_id: action.cluster.cluster_id,
          watch_list: (values.watch_list ?? "none") as WatchKind,
          ...(values.reason ? { reason: values.reason } : {}),
        });
        this.replace(result.cluster);
        this.notice = "";
      }
      this.action = null;
    } catch (error) {
      this.errors = formErrors(error, this.t, { person_id: "", into: "", watch_list: "", reason: "", ...values });
    } finally {
      this.busy = false;
    }
  }

  private async notThisPerson(cluster: StrangerCluster, recordId: number): Promise<void> {
    this.error = "";
    try {
      const result = await this.api.call("smart_community/faces/not_this_person", {
        entry_id: this.entryId,
        record_id: recordId,
        cluster_id: cluster.cluster_id,
      });
      this.replace({
        ...cluster,
        samples: cluster.samples.filter((s) => s.record_id !== recordId),
        visits: Math.max(0, cluster.visits - 1),
      });
      this.notice = this.t("strangers.sample_removed", {
        stranger: this.t("stranger.number", { number: result.stranger_number }),
      });
    } catch (error) {
      this.error = errorText(error, this.t).text;
    }
  }

  private renderCluster(cluster: StrangerCluster) {
    const t = this.t;
    return html`<div class="card" data-cluster=${cluster.cluster_id}>
      <div class="row">
        <h3>${t("stranger.number", { number: cluster.number })}</h3>
        <span class="spacer"></span>
        ${cluster.watch
          ? html`<span class="badge ${cluster.watch.kind === "black_list" ? "deny" : "alert"}">${t(`watch.${cluster.watch.kind}`)}</span>`
          : nothing}
      </div>
      <div class="samples">
        ${cluster.samples.map(
          (sample) => html`<span class="sample" data-sample=${sample.record_id}>
            <img class="thumb" src=${sample.thumb_url} alt=${t("image.face")} title=${this.dateTime(sample.time)} />
            <button
              class="small danger"
              title=${t("strangers.not_this_person")}
              aria-label=${t("strangers.not_this_person")}
              @click=${() => this.notThisPerson(cluster, sample.record_id)}
            >
              ×
            </button>
          </span>`,
        )}
      </div>
      <div class="facts">
        <div>${t("strangers.visits", { count: cluster.visits })}</div>
        <div>${t("strangers.first_seen")}: ${this.dateTime(cluster.first_seen)}</div>
        <div>${t("strangers.last_seen")}: ${this.dateTime(cluster.last_seen)}</div>
        <div>${t("strangers.places")}: ${cluster.places.join("、") || "—"}</div>
      </div>
      <div class="row" style="margin-top:8px">
        <button class="small primary" data-action="name" @click=${() => this.startAction("name", cluster)}>${t("strangers.name")}</button>
        <button class="small" data-action="merge" @click=${() => this.startAction("merge", cluster)}>${t("strangers.merge")}</button>
        <button class="small" data-action="watch" @click=${() => this.startAction("watch", cluster)}>${t("strangers.watch")}</button>
        ${this.can("trajectory")
          ? html`<button class="small" @click=${() => navigate(viewPath("trajectory", { cluster_id: cluster.cluster_id }))}>
              ${t("record.open_trajectory")}
            </button>`
          : nothing}
      </div>
    </div>`;
  }

  private renderAction(action: Action) {
    const t = this.t;
    const e = this.errors;
    const stranger = t("stranger.number", { number: action.cluster.number });
    let body;
    if (action.kind === "name") {
      body = html`${field(
          t("strangers.person"),
          "person_id",
          html`<input
            name="person_id"
            autocomplete="off"
            placeholder=${t("people.search_placeholder")}
            @input=${(ev: Event) => this.findPeople((ev.target as HTMLInputElement).value)}
          />`,
          e,
          { wide: true },
        )}
        <div class="candidates wide">
          ${this.candidates.map(
            (p) => html`<button type="button" data-candidate=${p.person_id} @click=${() => this.name(action.cluster, p.person_id)}>
              ${p.name} (${t(`role.${p.role}`)}) · ${p.person_id}
              ${p.building ? html`<span class="muted"> · ${p.building}-${p.unit}-${p.room}</span>` : nothing}
            </button>`,
          )}
        </div>
        <div class="wide row">
          <span class="muted">${t("strangers.or_register")}</span>
          <button type="button" @click=${() => navigate(viewPath("people", { name_cluster: action.cluster.cluster_id, stranger: String(action.cluster.number) }))}>
            ${t("strangers.new_resident")}
          </button>
          <button type="button" @click=${() => navigate(viewPath("visitors", { name_cluster: action.cluster.cluster_id, stranger: String(action.cluster.number) }))}>
            ${t("strangers.new_visitor")}
          </button>
        </div>`;
    } else if (action.kind === "merge") {
      body = field(
        t("strangers.merge_into"),
        "into",
        html`<select name="into">
          ${this.clusters
            .filter((c) => c.cluster_id !== action.cluster.cluster_id)
            .map((c) => html`<option value=${c.cluster_id}>${t("stranger.number", { number: c.number })} · ${t("strangers.visits", { count: c.visits })}</option>`)}
        </select>`,
        e,
        { wide: true },
      );
    } else {
      body = html`${field(
          t("people.watch_list"),
          "watch_list",
          html`<select name="watch_list">
            ${WATCH_KINDS.map((k) => html`<option value=${k} ?selected=${(action.cluster.watch?.kind ?? "none") === k}>${t(`watch.${k}`)}</option>`)}
          </select>`,
          e,
        )}
        ${field(t("people.watch_reason"), "reason", html`<input name="reason" .value=${action.cluster.watch?.reason ?? ""} />`, e)}`;
    }
    return html`<sc-dialog open heading="${t(`strangers.${action.kind}`)} · ${stranger}" closeLabel=${t("common.close")} @closed=${() => (this.action = null)}>
      <form class="form" @submit=${this.submitAction} novalidate>
        ${body} ${generalError(e)}
        <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${t("common.save")}</button></div>
      </form>
    </sc-dialog>`;
  }

  protected override render() {
    const t = this.t;
    return html`<div class="card row">
        <label class="field">
          <span>${t("strangers.sort")}</span>
          <select
            name="sort"
            @change=${(e: Event) => {
              this.sort = (e.target as HTMLSelectElement).value as "last_seen" | "visits";
              void this.list(false);
            }}
          >
            <option value="last_seen">${t("strangers.sort_last_seen")}</option>
            <option value="visits">${t("strangers.sort_visits")}</option>
          </select>
        </label>
        <label class="field check">
          <input
            type="checkbox"
            name="watch_only"
            @change=${(e: Event) => {
              this.watchOnly = (e.target as HTMLInputElement).checked;
              void this.list(false);
            }}
          />
          ${t("strangers.watch_only")}
        </label>
      </div>
      ${this.error ? html`<div class="form-error" role="alert">${this.error}</div>` : nothing}
      ${this.notice ? html`<div class="notice" role="status">${this.notice}</div>` : nothing}
      ${this.clusters.length === 0 ? html`<div class="empty">${t("strangers.none")}</div>` : nothing}
      <div class="clusters">${this.clusters.map((c) => this.renderCluster(c))}</div>
      ${this.nextCursor ? html`<div class="row"><button @click=${() => this.list(true)}>${t("common.more")}</button></div>` : nothing}
      ${this.action ? this.renderAction(this.action) : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "sc-strangers-view": StrangersView;
  }
}
