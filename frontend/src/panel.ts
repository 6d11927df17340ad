/**
 * <smart-community-panel>: the 智慧小区 console that HA's `panel_custom` loads in the sidebar.
 *
 * HA sets `hass`, `narrow`, `route` and `panel`. `hass` is replaced on every state change in
 * HA, so the panel keeps it aside and re-renders only when what it shows depends on changed
 * (language, user, connection). The views are chosen by the permissions the backend reports
 * for the HA user: guards get Live (with gates and alarms) and Visitors; the backend refuses
 * the other commands for them as well.
 */

import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { html as staticHtml, unsafeStatic } from "lit/static-html.js";
import { Api } from "./api/client";
import { VIEWS, type CommunitySummary, type ResultOf, type ViewId } from "./api/types";
import { errorText } from "./components/form";
import type { HomeAssistant, PanelInfo, Route } from "./hass";
import { languageOf, translator, type Language } from "./i18n/i18n";
import { baseStyles } from "./styles";
import { navigate, setPrefix, viewPath } from "./util/navigate";
import type { Session } from "./views/base";
import "./views/devices-view";
import "./views/live-view";
import "./views/parking-view";
import "./views/people-view";
import "./views/records-view";
import "./views/strangers-view";
import "./views/trajectory-view";
import "./views/visitors-view";

const ENTRY_STORAGE_KEY = "smart_community.entry_id";
const MENU_ICON = "M3,6H21V8H3V6M3,11H21V13H3V11M3,16H21V18H3V16Z";

type SessionResult = ResultOf<"smart_community/session">;

@customElement("smart-community-panel")
export class SmartCommunityPanel extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        min-height: 100vh;
        background: var(--primary-background-color, #fafafa);
      }
      header {
        background: var(--app-header-background-color, var(--primary-color, #03a9f4));
        color: var(--app-header-text-color, var(--text-primary-color, #fff));
        position: sticky;
        top: 0;
        z-index: 2;
      }
      .bar {
        display: flex;
        align-items: center;
        gap: 8px;
        height: 56px;
        padding: 0 12px;
      }
      .bar h1 {
        font-size: 20px;
        font-weight: 400;
        margin: 0;
        flex: 1;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .menu {
        border: none;
        color: inherit;
        padding: 8px;
        border-radius: 50%;
      }
      .menu svg {
        width: 24px;
        height: 24px;
        fill: currentColor;
      }
      header select {
        background: transparent;
        color: inherit;
        border-color: currentColor;
        max-width: 50vw;
      }
      header select option {
        color: var(--primary-text-color, #212121);
        background: var(--sc-card);
      }
      nav {
        display: flex;
        overflow-x: auto;
        padding: 0 8px;
        scrollbar-width: none;
      }
      nav a {
        color: inherit;
        opacity: 0.8;
        text-decoration: none;
        padding: 10px 14px;
        white-space: nowrap;
        border-bottom: 2px solid transparent;
      }
      nav a[aria-current="page"] {
        opacity: 1;
        border-bottom-color: currentColor;
      }
      main {
        padding: 16px;
        max-width: 1400px;
        margin: 0 auto;
        box-sizing: border-box;
      }
      :host([narrow]) main {
        padding: 8px;
      }
    `,
  ];

  @property({ type: Boolean, reflect: true }) narrow = false;
  @property({ attribute: false }) route: Route = { prefix: "/smart-community", path: "" };
  @property({ attribute: false }) panel: PanelInfo = {};
  @state() private language: Language = "en";
  @state() private sessionResult: SessionResult | null = null;
  @state() private entryId = "";
  @state() private failure = "";
  @state() private search = "";

  private currentHass: HomeAssistant | null = null;
  private api: Api | null = null;
  private loading = false;

  /** HA replaces `hass` on every state change: only what the panel shows triggers a render. */
  set hass(hass: HomeAssistant) {
    const previous = this.currentHass;
    this.currentHass = hass;
    if (!previous || previous.connection !== hass.connection) {
      this.api = new Api(hass);
      this.sessionResult = null;
      void this.loadSession();
    }
    const language = languageOf(hass);
    if (language !== this.language) this.language = language;
    if (!previous || previous.user?.id !== hass.user?.id || previous.config.time_zone !== hass.config.time_zone) {
      this.requestUpdate();
    }
  }

  get hass(): HomeAssistant {
    if (!this.currentHass) throw new Error("hass is not set yet");
    return this.currentHass;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener("location-changed", this.onLocation);
    window.addEventListener("popstate", this.onLocation);
    this.search = window.location.search;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener("location-changed", this.onLocation);
    window.removeEventListener("popstate", this.onLocation);
  }

  private readonly onLocation = (): void => {
    this.search = window.location.search;
  };

  private async loadSession(): Promise<void> {
    if (!this.api || this.loading) return;
    this.loading = true;
    this.failure = "";
    try {
      const result = await this.api.call("smart_community/session", {});
      this.sessionResult = result;
      this.entryId = this.pickCommunity(result.communities);
    } catch (error) {
      this.failure = errorText(error, translator(this.language)).text;
    } finally {
      this.loading = false;
    }
  }

  private pickCommunity(communities: CommunitySummary[]): string {
    const wanted = [this.panel.config?.entry_id, window.localStorage.getItem(ENTRY_STORAGE_KEY)];
    for (const id of wanted) if (id && communities.some((c) => c.entry_id === id)) return id;
    return communities[0]?.entry_id ?? "";
  }

  private chooseCommunity(entryId: string): void {
    this.entryId = entryId;
    window.localStorage.setItem(ENTRY_STORAGE_KEY, entryId);
  }

  private allowedViews(): ViewId[] {
    const permissions = this.sessionResult?.permissions ?? [];
    return VIEWS.filter((view) => permissions.includes(view.permission)).map((view) => view.id);
  }

  private currentView(allowed: ViewId[]): ViewId | null {
    const segment = this.route.path.split("/")[1] ?? "";
    const match = allowed.find((view) => view === segment);
    return match ?? allowed[0] ?? null;
  }

  protected override updated(): void {
    setPrefix(this.route.prefix);
    const allowed = this.allowedViews();
    const view = this.currentView(allowed);
    const segment = this.route.path.split("/")[1] ?? "";
    // A view the user may not open (a guard following a manager's link) or none: go to the first.
    if (this.sessionResult && view && segment !== view) navigate(viewPath(view), true);
  }

  private toggleMenu(): void {
    this.dispatchEvent(new CustomEvent("hass-toggle-menu", { bubbles: true, composed: true }));
  }

  private renderView(view: ViewId, session: Session) {
    const tag = unsafeStatic(`sc-${view}-view`);
    return staticHtml`<${tag}
      .hass=${this.hass}
      .api=${this.api}
      .session=${session}
      .language=${this.language}
      .query=${new URLSearchParams(this.search)}
      ?narrow=${this.narrow}
    ></${tag}>`;
  }

  protected override render() {
    const t = translator(this.language);
    const result = this.sessionResult;
    const allowed = this.allowedViews();
    const view = this.currentView(allowed);
    const community = result?.communities.find((c) => c.entry_id === this.entryId) ?? null;
    const session: Session | null =
      result && community
        ? { role: result.role, permissions: result.permissions, community, userName: result.user.name }
        : null;
    return html`<header>
        <div class="bar">
          ${this.narrow
            ? html`<button class="menu" aria-label=${t("panel.menu")} title=${t("panel.menu")} @click=${this.toggleMenu}>
                <svg viewBox="0 0 24 24"><path d=${MENU_ICON}></path></svg>
              </button>`
            : nothing}
          <h1>${t("panel.title")}${community && !this.narrow ? html` · ${community.name}` : nothing}</h1>
          ${result && result.communities.length > 1
            ? html`<select
                aria-label=${t("panel.community")}
                @change=${(e: Event) => this.chooseCommunity((e.target as HTMLSelectElement).value)}
              >
                ${result.communities.map(
                  (c) => html`<option value=${c.entry_id} ?selected=${c.entry_id === this.entryId}>${c.name}</option>`,
                )}
              </select>`
            : nothing}
          ${result ? html`<span class="badge" data-role=${result.role}>${t(`role_console.${result.role}`)}</span>` : nothing}
        </div>
        ${session
          ? html`<nav aria-label=${t("panel.views")}>
              ${allowed.map(
                (id) => html`<a
                  href=${viewPath(id)}
                  data-view=${id}
                  aria-current=${id === view ? "page" : "false"}
                  @click=${(e: Event) => {
                    e.preventDefault();
                    navigate(viewPath(id));
                  }}
                  >${t(`view.${id}`)}</a
                >`,
              )}
            </nav>`
          : nothing}
      </header>
      <main>
        ${this.failure
          ? html`<div class="form-error" role="alert">
              ${this.failure}
              <button class="small" @click=${() => this.loadSession()}>${t("common.retry")}</button>
            </div>`
          : nothing}
        ${!result && !this.failure ? html`<div class="empty">${t("common.loading")}</div>` : nothing}
        ${result && result.communities.length === 0 ? html`<div class="empty">${t("panel.no_community")}</div>` : nothing}
        ${session && view ? this.renderView(view, session) : nothing}
      </main>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "smart-community-panel": SmartCommunityPanel;
  }
}
