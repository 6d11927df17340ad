/** What every view receives from the panel, and the helpers they share. */

import { LitElement, html, type TemplateResult } from "lit";
import { property, state } from "lit/decorators.js";
import { errorText } from "../components/form";
import type { Api } from "../api/client";
import type { CommunitySummary, Permission, RecordRow, Role } from "../api/types";
import type { HomeAssistant } from "../hass";
import { translator, type Language, type Translate } from "../i18n/i18n";
import { baseStyles } from "../styles";
import { formatDateTime, formatTime } from "../util/time";

export interface Session {
  role: Role;
  permissions: Permission[];
  community: CommunitySummary;
  userName: string;
}

export abstract class ViewBase extends LitElement {
  static override styles = [baseStyles];

  @property({ attribute: false }) hass!: HomeAssistant;
  @property({ attribute: false }) api!: Api;
  @property({ attribute: false }) session!: Session;
  @property({ attribute: false }) language: Language = "en";
  @property({ attribute: false }) query: URLSearchParams = new URLSearchParams();
  @property({ type: Boolean, reflect: true }) narrow = false;

  protected get t(): Translate {
    return translator(this.language);
  }

  protected get entryId(): string {
    return this.session.community.entry_id;
  }

  protected get timeZone(): string {
    return this.hass.config.time_zone;
  }

  protected can(permission: Permission): boolean {
    return this.session.permissions.includes(permission);
  }

  protected dateTime(iso: string): string {
    return formatDateTime(iso, this.language, this.timeZone);
  }

  protected time(iso: string): string {
    return formatTime(iso, this.language, this.timeZone);
  }

  /** Who a record is about: the name and role, "stranger #N", or the plate. */
  protected subject(record: RecordRow): string {
    const t = this.t;
    if (record.person_name) {
      return record.role
        ? `${record.person_name} (${t(`role.${record.role}`)})`
        : record.person_name;
    }
    if (record.stranger_number !== null) return t("stranger.number", { number: record.stranger_number });
    if (record.plate) return record.plate;
    if (record.person_id) return record.person_id;
    return "";
  }

  /**
   * A stranger to name after the person this view registers: the Strangers view links here with
   * `name_cluster` and `stranger` (its number) in the query.
   */
  @state() protected nameCluster: { id: string; number: string } | null = null;

  protected readNameCluster(): void {
    const cluster = this.query.get("name_cluster");
    this.nameCluster = cluster ? { id: cluster, number: this.query.get("stranger") ?? "" } : null;
  }

  /** Name the pending stranger after `personId`: the notice to show, or the error. */
  protected async nameStranger(personId: string, name: string): Promise<{ notice: string } | { error: string } | null> {
    const cluster = this.nameCluster;
    if (!cluster) return null;
    try {
      await this.api.call("smart_community/strangers/name", {
        entry_id: this.entryId,
        cluster_id: cluster.id,
        person_id: personId,
      });
    } catch (error) {
      return { error: errorText(error, this.t).text };
    }
    this.nameCluster = null;
    return { notice: this.t("strangers.named", { stranger: this.t("stranger.number", { number: cluster.number }), name }) };
  }

  /** The record dialog (sc-record-dialog, imported by the views that open records). */
  protected recordDialog(record: RecordRow | null, close: () => void, changed: (record: RecordRow) => void): TemplateResult {
    return html`<sc-record-dialog
      .hass=${this.hass}
      .api=${this.api}
      .session=${this.session}
      .language=${this.language}
      .record=${record}
      @closed=${close}
      @record-changed=${(e: CustomEvent<RecordRow>) => changed(e.detail)}
    ></sc-record-dialog>`;
  }

  /** The view's data follows the selected community and the URL's query. */
  protected abstract load(): void;

  private loadedFor: string | null = null;

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    // A new community or a link with other parameters (records?person_id=…) loads again.
    const key = `${this.session?.community.entry_id}|${this.query.toString()}`;
    if (this.session && this.loadedFor !== key) {
      this.loadedFor = key;
      this.load();
    }
  }
}
