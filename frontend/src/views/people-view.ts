/**
 * 住户: households by building → unit → room; add, edit and move out residents, family members
 * and tenants (the registry's validations come back next to their fields); face photos from a
 * file or the phone's camera, each accepted or rejected with the reason; vehicles and monthly
 * passes; care residents with their last sighting and inactivity threshold.
 */

import { css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import {
  PLATE_COLORS,
  REGISTERED_ROLES,
  WATCH_KINDS,
  type BuildingNode,
  type PersonDetail,
  type PersonFields,
  type PersonRow,
  type PhotoResult,
  type PlateColor,
  type RegisteredRole,
  type Vehicle,
  type WatchKind,
} from "../api/types";
import { NO_ERRORS, allFields, errorText, field, formErrors, generalError, textValues, type FormErrors } from "../components/form";
import "../components/sc-dialog";
import "../components/sc-photo-picker";
import type { RefusedFile } from "../components/sc-photo-picker";
import { baseStyles } from "../styles";
import type { PreparedPhoto } from "../util/files";
import { formatAgo, formatDate, toDateInput } from "../util/time";
import { ViewBase } from "./base";

/** Where in the tree the list is. */
type Selection =
  | { kind: "all" }
  | { kind: "building"; building: string }
  | { kind: "unit"; building: string; unit: string }
  | { kind: "room"; building: string; unit: string; room: string }
  | { kind: "care" }
  | { kind: "no_address" }
  | { kind: "search"; query: string };

const PERSON_TEXT_FIELDS = [
  "person_id",
  "name",
  "role",
  "id_number",
  "mobile",
  "building",
  "unit",
  "room",
  "cards",
  "move_in",
  "move_out",
  "watch_list",
  "watch_reason",
  "inactivity_hours",
  "emergency_contact_name",
  "emergency_contact_mobile",
] as const;

const VEHICLE_FIELDS = ["plate", "color", "parking_space", "monthly_pass_from", "monthly_pass_until"] as const;

interface PhotoOutcome {
  preview: string;
  result: PhotoResult | null;
  error: string;
}

type Editing = { mode: "add"; defaults: Partial<PersonRow> } | { mode: "edit"; person: PersonDetail };

@customElement("sc-people-view")
export class PeopleView extends ViewBase {
  static override styles = [
    baseStyles,
    css`
      .layout {
        display: grid;
        grid-template-columns: 260px minmax(0, 1fr);
        gap: 16px;
      }
      :host([narrow]) .layout {
        grid-template-columns: minmax(0, 1fr);
      }
      .tree ul {
        list-style: none;
        margin: 0;
        padding-inline-start: 14px;
      }
      .tree > ul {
        padding: 0;
      }
      .tree button {
        border: none;
        border-radius: 6px;
        padding: 4px 6px;
        min-height: 28px;
        width: 100%;
        justify-content: space-between;
        color: var(--primary-text-color, #212121);
      }
      .tree button[aria-current="true"] {
        background: var(--sc-primary);
        color: var(--sc-on-primary);
      }
      tr[data-person] {
        cursor: pointer;
      }
      .photos {
        display: grid;
        gap: 8px;
        grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
        margin-top: 8px;
      }
      .photo {
        border: 1px solid var(--sc-border);
        border-radius: 8px;
        padding: 6px;
        font-size: 12px;
      }
      .photo img {
        width: 100%;
        height: 110px;
        object-fit: cover;
        border-radius: 6px;
      }
      section {
        border-top: 1px solid var(--sc-border);
        margin-top: 12px;
        padding-top: 4px;
      }
    `,
  ];

  @state() private buildings: BuildingNode[] = [];
  @state() private withoutAddress = 0;
  @state() private selection: Selection = { kind: "all" };
  @state() private expanded: Set<string> = new Set();
  @state() private people: PersonRow[] = [];
  @state() private nextCursor: string | null = null;
  @state() private error = "";
  @state() private notice = "";
  @state() private detail: PersonDetail | null = null;
  @state() private editing: Editing | null = null;
  @state() private errors: FormErrors = NO_ERRORS;
  @state() private vehicleErrors: FormErrors = NO_ERRORS;
  @state() private photoOutcomes: PhotoOutcome[] = [];
  @state() private moveOut: PersonRow | null = null;
  @state() private moveOutErrors: FormErrors = NO_ERRORS;
  @state() private busy = false;
  /** A stranger cluster to name after the person is added (from the Strangers view). */

  protected load(): void {
    this.detail = null;
    void this.loadLayout();
    void this.list(false);
    this.readNameCluster();
    if (this.nameCluster) this.startAdd({ role: "owner" });
  }

  private async loadLayout(): Promise<void> {
    try {
      const layout = await this.api.call("smart_community/people/layout", { entry_id: this.entryId });
      this.buildings = layout.buildings;
      this.withoutAddress = layout.without_address;
    } catch (error) {
      this.error = errorText(error, this.t).text;
    }
  }

  private filterParams() {
    const s = this.selection;
    switch (s.kind) {
      case "all":
        return {};
      case "building":
        return { building: s.building };
      case "unit":
        return { building: s.building, unit: s.unit };
      case "room":
        return { building: s.building, unit: s.unit, room: s.room };
      case "care":
        return { care_only: true };
      case "no_address":
        return { without_address: true };
      case "search":
        return { query: s.query };
    }
  }

  private async list(more: boolean): Promise<void> {
    this.error = "";
    const params = this.filterParams();
    try {
      const page = await this.api.call("smart_community/people/list", {
        entry_id: this.entryId,
        ...params,
        limit: 100,
        ...(more && this.nextCursor ? { cursor: this.nextCursor } : {}),
      });
      this.people = more ? [...this.people, ...page.people] : page.people;
      this.nextCursor = page.next_cursor;
    } catch (error) {
      this.error = errorText(error, this.t).text;
    }
  }

  private select(selection: Selection): void {
    this.selection = selection;
    void this.list(false);
  }

  private toggle(key: string): void {
    const next = new Set(this.expanded);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    this.expanded = next;
  }

  private async open(personId: string): Promise<void> {
    if (this.detail?.person_id !== personId) {
      this.photoOutcomes = [];
      this.vehicleErrors = NO_ERRORS;
    }
    try {
      const result = await this.api.call("smart_community/people/get", { entry_id: this.entryId, person_id: personId });
      this.detail = result.person;
    } catch (error) {
      this.error = errorText(error, this.t).text;
    }
  }

  private startAdd(defaults: Partial<PersonRow>): void {
    const s = this.selection;
    const place =
      s.kind === "room"
        ? { building: s.building, unit: s.unit, room: s.room }
        : s.kind === "unit"
          ? { building: s.building, unit: s.unit }
          : s.kind === "building"
            ? { building: s.building }
            : {};
    this.errors = NO_ERRORS;
    this.editing = { mode: "add", defaults: { ...place, ...defaults } };
  }

  /** The form as the add / update command takes it; masked fields only when retyped. */
  private personParams(form: HTMLFormElement, current: PersonDetail | null): PersonFields & { person_id?: string } {
    const v = textValues(form, PERSON_TEXT_FIELDS);
    const params: PersonFields & { person_id?: string } = {};
    if (v.person_id) params.person_id = v.person_id;
    if (v.name) params.name = v.name;
    if (v.role) params.role = v.role as RegisteredRole;
    for (const key of ["id_number", "mobile", "building", "unit", "room", "move_in", "watch_reason", "emergency_contact_name", "emergency_contact_mobile"] as const) {
      if (v[key]) params[key] = v[key];
    }
    if (v.cards) params.cards = v.cards.split(/[,，\s]+/).filter(Boolean);
    else if (current?.cards.length) params.cards = [];
    if (v.move_out) params.move_out = v.move_out;
    else if (current?.move_out) params.move_out = null;
    if (v.watch_list) params.watch_list = v.watch_list as WatchKind;
    if (v.inactivity_hours) params.inactivity_hours = Number(v.inactivity_hours);
    else if (current?.care) params.inactivity_hours = null;
    return params;
  }

  private async savePerson(event: Event): Promise<void> {
    event.preventDefault();
    const editing = this.editing;
    if (!editing) return;
    const form = event.target as HTMLFormElement;
    const current = editing.mode === "edit" ? editing.person : null;
    const params = this.personParams(form, current);
    this.busy = true;
    this.errors = NO_ERRORS;
    try {
      let saved: PersonRow;
      if (editing.mode === "add") {
        const result = await this.api.call("smart_community/people/add", {
          entry_id: this.entryId,
          ...params,
          name: params.name ?? "",
          role: params.role ?? "owner",
        });
        saved = result.person;
        const named = await this.nameStranger(saved.person_id, saved.name);
        if (named && "notice" in named) this.notice = named.notice;
        if (named && "error" in named) this.error = named.error;
      } else {
        const result = await this.api.call("smart_community/people/update", {
          entry_id: this.entryId,
          ...params,
          person_id: editing.person.person_id,
        });
        saved = result.person;
      }
      this.editing = null;
      this.notice = this.notice || this.t("people.saved", { name: saved.name });
      void this.loadLayout();
      void this.list(false);
      await this.open(saved.person_id);
    } catch (error) {
      this.errors = formErrors(error, this.t, { ...allFields(form, PERSON_TEXT_FIELDS), ...params });
    } finally {
      this.busy = false;
    }
  }

  private async confirmMoveOut(event: Event): Promise<void> {
    event.preventDefault();
    const person = this.moveOut;
    if (!person) return;
    const values = textValues(event.target as HTMLFormElement, ["move_out"]);
    this.busy = true;
    this.moveOutErrors = NO_ERRORS;
    try {
      if (person.role === "tenant") {
        await this.api.call("smart_community/people/update", {
          entry_id: this.entryId,
          person_id: person.person_id,
          move_out: values.move_out ?? "",
        });
        this.notice = this.t("people.moved_out", { name: person.name });
        await this.open(person.person_id);
      } else {
        await this.api.call("smart_community/people/remove", { entry_id: this.entryId, person_id: person.person_id });
        this.notice = this.t("people.removed", { name: person.name });
        this.detail = null;
      }
      this.moveOut = null;
      void this.loadLayout();
      void this.list(false);
    } catch (error) {
      this.moveOutErrors = formErrors(error, this.t, { move_out: values.move_out ?? "" });
    } finally {
      this.busy = false;
    }
  }

  private async enroll(person: PersonDetail, photos: PreparedPhoto[]): Promise<void> {
    // One photo per message: HA's websocket takes messages up to 4 MiB.
    const outcomes: PhotoOutcome[] = photos.map((p) => ({ preview: p.preview, result: null, error: "" }));
    this.photoOutcomes = [...outcomes, ...this.photoOutcomes];
    for (const [index, photo] of photos.entries()) {
      let outcome: PhotoOutcome;
      try {
        const result = await this.api.call("smart_community/people/photos/enroll", {
          entry_id: this.entryId,
          person_id: person.person_id,
          filename: photo.filename,
          image: photo.base64,
        });
        outcome = { preview: photo.preview, result: result.photo, error: "" };
      } catch (error) {
        outcome = { preview: photo.preview, result: null, error: errorText(error, this.t).text };
      }
      this.photoOutcomes = this.photoOutcomes.map((o) => (o === outcomes[index] ? outcome : o));
    }
    await this.open(person.person_id);
    this.photoOutcomes = this.photoOutcomes.filter((o) => o.result !== null || o.error !== "");
  }

  private refusedPhotos(files: RefusedFile[]): void {
    this.photoOutcomes = [
      ...files.map((f) => ({ preview: "", result: null, error: `${f.filename}: ${this.t(`error.${f.key}`)}` })),
      ...this.photoOutcomes,
    ];
  }

  private async removeFaces(person: PersonDetail): Promise<void> {
    try {
      const result = await this.api.call("smart_community/people/photos/remove", {
        entry_id: this.entryId,
        person_id: person.person_id,
      });
      this.notice = this.t("people.faces_removed", { count: result.removed });
      await this.open(person.person_id);
    } catch (error) {
      this.error = errorText(error, this.t).text;
    }
  }

  private async addVehicle(event: Event, person: PersonDetail): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const v = textValues(form, VEHICLE_FIELDS);
    this.vehicleErrors = NO_ERRORS;
    try {
      await this.api.call("smart_community/vehicles/add", {
        entry_id: this.entryId,
        plate: v.plate ?? "",
        owner_id: person.person_id,
        ...(v.color ? { color: v.color as PlateColor } : {}),
        ...(v.parking_space ? { parking_space: v.parking_space } : {}),
        ...(v.monthly_pass_from ? { monthly_pass_from: v.monthly_pass_from } : {}),
        ...(v.monthly_pass_until ? { monthly_pass_until: v.monthly_pass_until } : {}),
      });
      form.reset();
      await this.open(person.person_id);
    } catch (error) {
      this.vehicleErrors = formErrors(error, this.t, allFields(form, VEHICLE_FIELDS));
    }
  }

  private async removeVehicle(vehicle: Vehicle, person: PersonDetail): Promise<void> {
    try {
      await this.api.call("smart_community/vehicles/remove", { entry_id: this.entryId, plate: vehicle.plate });
      await this.open(person.person_id);
    } catch (error) {
      this.vehicleErrors = { fields: {}, general: errorText(error, this.t).text };
    }
  }

  // --- rendering ------------------------------------------------------------------------

  private treeButton(label: string, count: number | null, selection: Selection, current: boolean, expandKey?: string) {
    return html`<button
      aria-current=${current ? "true" : "false"}
      data-node=${label}
      @click=${() => {
        if (expandKey) this.toggle(expandKey);
        this.select(selection);
      }}
    >
      <span>${expandKey ? (this.expanded.has(expandKey) ? "▾ " : "▸ ") : ""}${label}</span>
      ${count !== null ? html`<span class="muted">${count}</span>` : nothing}
    </button>`;
  }

  private renderTree() {
    const t = this.t;
    const s = this.selection;
    const is = (kind: string, ...path: string[]) =>
      s.kind === kind &&
      path.every((part, i) => [("building" in s && s.building) || "", ("unit" in s && s.unit) || "", ("room" in s && s.room) || ""][i] === part);
    return html`<div class="card tree" data-section="tree">
      <form
        @submit=${(e: Event) => {
          e.preventDefault();
          const q = textValues(e.target as HTMLFormElement, ["query"]).query ?? "";
          this.select(q ? { kind: "search", query: q } : { kind: "all" });
        }}
      >
        <input name="query" type="search" placeholder=${t("people.search_placeholder")} aria-label=${t("people.search")} style="width:100%;box-sizing:border-box" />
      </form>
      <ul>
        <li>${this.treeButton(t("people.everyone"), null, { kind: "all" }, s.kind === "all")}</li>
        ${this.buildings.map((b) => {
          const bKey = `b:${b.building}`;
          const residents = b.units.reduce((n, u) => n + u.rooms.reduce((m, r) => m + r.residents, 0), 0);
          return html`<li>
            ${this.treeButton(t("people.building", { building: b.building }), residents, { kind: "building", building: b.building }, is("building", b.building), bKey)}
            ${this.expanded.has(bKey)
              ? html`<ul>
                  ${b.units.map((u) => {
                    const uKey = `u:${b.building}:${u.unit}`;
                    return html`<li>
                      ${this.treeButton(
                        t("people.unit", { unit: u.unit }),
                        u.rooms.reduce((m, r) => m + r.residents, 0),
                        { kind: "unit", building: b.building, unit: u.unit },
                        is("unit", b.building, u.unit),
                        uKey,
                      )}
                      ${this.expanded.has(uKey)
                        ? html`<ul>
                            ${u.rooms.map(
                              (r) => html`<li>
                                ${this.treeButton(
                                  t("people.room", { room: r.room }),
                                  r.residents,
                                  { kind: "room", building: b.building, unit: u.unit, room: r.room },
                                  is("room", b.building, u.unit, r.room),
                                )}
                              </li>`,
                            )}
                          </ul>`
                        : nothing}
                    </li>`;
                  })}
                </ul>`
              : nothing}
          </li>`;
        })}
        <li>${this.treeButton(t("people.care_residents"), null, { kind: "care" }, s.kind === "care")}</li>
        <li>${this.treeButton(t("people.without_address"), this.withoutAddress, { kind: "no_address" }, s.kind === "no_address")}</li>
      </ul>
    </div>`;
  }

  private address(p: Pick<PersonRow, "building" | "unit" | "room">): string {
    return p.building ? this.t("people.address", { building: p.building, unit: p.unit ?? "", room: p.room ?? "" }) : "—";
  }

  private renderList() {
    const t = this.t;
    const care = this.selection.kind === "care";
    return html`<div class="card" data-section="people">
      <div class="row">
        <h2>${t("view.people")}</h2>
        <span class="spacer"></span>
        <button class="primary" data-action="add-person" @click=${() => this.startAdd({ role: "owner" })}>${t("people.add")}</button>
      </div>
      ${this.people.length === 0
        ? html`<div class="empty">${t("people.none")}</div>`
        : html`<div class="scroll">
            <table class="cards">
              <thead>
                <tr>
                  <th>${t("people.name")}</th>
                  <th>${t("people.role")}</th>
                  <th>${t("people.address_heading")}</th>
                  <th>${t("people.mobile")}</th>
                  <th>${care ? t("people.last_seen") : t("people.faces")}</th>
                </tr>
              </thead>
              <tbody>
                ${this.people.map(
                  (p) => html`<tr data-person=${p.person_id} @click=${() => this.open(p.person_id)}>
                    <td data-label=${t("people.name")}>
                      ${p.name}
                      ${p.watch ? html`<span class="badge ${p.watch.kind === "black_list" ? "deny" : "alert"}">${t(`watch.${p.watch.kind}`)}</span>` : nothing}
                      ${p.care ? html`<span class="badge ${p.care.overdue ? "deny" : "ok"}">${t("people.care")}</span>` : nothing}
                    </td>
                    <td data-label=${t("people.role")}>${t(`role.${p.role}`)}</td>
                    <td data-label=${t("people.address_heading")}>${this.address(p)}</td>
                    <td data-label=${t("people.mobile")}>${p.mobile ?? "—"}</td>
                    <td data-label=${care ? t("people.last_seen") : t("people.faces")}>
                      ${care && p.care
                        ? html`${p.care.last_seen ? formatAgo(p.care.last_seen, this.language) : t("people.never_seen")}
                            <span class="muted">/ ${t("people.threshold", { hours: p.care.inactivity_hours })}</span>`
                        : p.faces}
                    </td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`}
      ${this.nextCursor ? html`<button @click=${() => this.list(true)}>${t("common.more")}</button>` : nothing}
    </div>`;
  }

  private renderDetail(p: PersonDetail) {
    const t = this.t;
    return html`<sc-dialog open heading=${p.name} closeLabel=${t("common.close")} @closed=${() => (this.detail = null)}>
      <div data-detail=${p.person_id}>
        <div class="row">
          <span class="badge">${t(`role.${p.role}`)}</span>
          <span>${this.address(p)}</span>
          <span class="muted">${p.person_id}</span>
          <span class="spacer"></span>
          <button data-action="edit" @click=${() => {
            this.errors = NO_ERRORS;
            this.editing = { mode: "edit", person: p };
          }}>${t("common.edit")}</button>
          <button class="danger" data-action="move-out" @click=${() => {
            this.moveOutErrors = NO_ERRORS;
            this.moveOut = p;
          }}>${p.role === "tenant" ? t("people.move_out") : t("people.remove")}</button>
        </div>
        <dl class="muted">
          ${p.id_number ? html`${t("people.id_number")}: ${p.id_number}<br />` : nothing}
          ${p.mobile ? html`${t("people.mobile")}: ${p.mobile}<br />` : nothing}
          ${p.move_in ? html`${t("people.move_in")}: ${formatDate(p.move_in, this.language, this.timeZone)}<br />` : nothing}
          ${p.move_out ? html`${t("people.move_out_date")}: ${formatDate(p.move_out, this.language, this.timeZone)}<br />` : nothing}
          ${p.cards.length ? html`${t("people.cards")}: ${p.cards.join(", ")}<br />` : nothing}
          ${p.last_seen ? html`${t("people.last_seen")}: ${this.dateTime(p.last_seen)}<br />` : nothing}
          ${p.care
            ? html`${t("people.care")}: ${t("people.threshold", { hours: p.care.inactivity_hours })} ·
                ${p.care.emergency_contact_name} ${p.care.emergency_contact_mobile}
                ${p.care.overdue ? html`<span class="badge deny">${t("people.overdue")}</span>` : nothing}<br />`
            : nothing}
        </dl>

        <section data-section="household">
          <h3>${t("people.household")}</h3>
          ${p.household.length === 0 ? html`<div class="muted">${t("people.household_none")}</div>` : nothing}
          ${p.household.map(
            (h) => html`<div><button class="link" @click=${() => this.open(h.person_id)}>${h.name}</button> · ${t(`role.${h.role}`)}</div>`,
          )}
          ${p.building
            ? html`<div class="row" style="margin-top:6px">
                <button class="small" data-action="add-family" @click=${() => this.startAdd({ role: "family", building: p.building, unit: p.unit, room: p.room })}>
                  ${t("people.add_family")}
                </button>
                <button class="small" data-action="add-tenant" @click=${() => this.startAdd({ role: "tenant", building: p.building, unit: p.unit, room: p.room })}>
                  ${t("people.add_tenant")}
                </button>
              </div>`
            : nothing}
        </section>

        <section data-section="photos">
          <h3>${t("people.photos", { count: p.faces })}</h3>
          <div class="row">
            <sc-photo-picker
              multiple
              .fileLabel=${t("photo.from_file")}
              .cameraLabel=${t("photo.from_camera")}
              @photos=${(e: CustomEvent<PreparedPhoto[]>) => this.enroll(p, e.detail)}
              @refused=${(e: CustomEvent<RefusedFile[]>) => this.refusedPhotos(e.detail)}
            ></sc-photo-picker>
            ${p.faces ? html`<button class="small danger" @click=${() => this.removeFaces(p)}>${t("people.remove_faces")}</button>` : nothing}
          </div>
          <div class="photos">
            ${this.photoOutcomes.map((o) => this.renderOutcome(o))}
            ${p.photos.map(
              (photo) => html`<div class="photo"><img src=${photo.thumb_url} alt=${t("image.face")} /></div>`,
            )}
          </div>
        </section>

        <section data-section="vehicles">
          <h3>${t("people.vehicles")}</h3>
          ${p.vehicles.map(
            (v) => html`<div class="row" data-vehicle=${v.plate}>
              <b>${v.plate}</b>
              <span class="muted">${t(`plate_color.${v.color}`)}</span>
              ${v.parking_space ? html`<span>${t("people.space", { space: v.parking_space })}</span>` : nothing}
              ${v.monthly_pass
                ? html`<span class="badge ${v.monthly_pass.active ? "ok" : "bad"}">
                    ${t("people.monthly_pass_until", { date: formatDate(v.monthly_pass.valid_until, this.language, this.timeZone) })}
                  </span>`
                : nothing}
              <span class="spacer"></span>
              <button class="small danger" @click=${() => this.removeVehicle(v, p)}>${t("common.remove")}</button>
            </div>`,
          )}
          ${this.renderVehicleForm(p)}
        </section>
      </div>
    </sc-dialog>`;
  }

  private renderOutcome(o: PhotoOutcome) {
    const t = this.t;
    const r = o.result;
    return html`<div class="photo" data-photo-result=${r ? (r.accepted ? "accepted" : "rejected") : o.error ? "error" : "pending"}>
      ${o.preview ? html`<img src=${o.preview} alt=${t("image.face")} />` : nothing}
      ${r
        ? html`<div class=${r.accepted ? "ok" : "bad"}>
              ${r.accepted ? t("photo.accepted") : t("photo.rejected")}: ${t(`photo_reason.${r.reason}`, { faces: r.faces ?? 0 })}
            </div>
            ${r.issues.length ? html`<div class="muted">${r.issues.map((i) => t(`quality.${i}`)).join("、")}</div>` : nothing}
            ${r.similar_person
              ? html`<div class="warn">${t("photo.similar_to", { name: r.similar_person.name, similarity: (r.similar_person.similarity * 100).toFixed(0) })}</div>`
              : nothing}`
        : o.error
          ? html`<div class="bad" role="alert">${o.error}</div>`
          : html`<div class="muted">${t("photo.uploading")}</div>`}
    </div>`;
  }

  private renderVehicleForm(p: PersonDetail) {
    const t = this.t;
    const e = this.vehicleErrors;
    return html`<form class="form" data-form="vehicle" @submit=${(ev: Event) => this.addVehicle(ev, p)} novalidate>
      ${field(t("people.plate"), "plate", html`<input name="plate" placeholder="皖A12345" />`, e)}
      ${field(
        t("people.plate_color"),
        "color",
        html`<select name="color">${PLATE_COLORS.map((c) => html`<option value=${c}>${t(`plate_color.${c}`)}</option>`)}</select>`,
        e,
      )}
      ${field(t("people.parking_space"), "parking_space", html`<input name="parking_space" placeholder="B1-023" />`, e)}
      ${field(t("people.monthly_pass_from"), "monthly_pass_from", html`<input type="date" name="monthly_pass_from" />`, e)}
      ${field(t("people.monthly_pass_until_label"), "monthly_pass_until", html`<input type="date" name="monthly_pass_until" />`, e)}
      ${generalError(e)}
      <div class="actions"><button type="submit">${t("people.add_vehicle")}</button></div>
    </form>`;
  }

  private renderPersonForm(editing: Editing) {
    const t = this.t;
    const e = this.errors;
    const p: Partial<PersonDetail> = editing.mode === "edit" ? editing.person : editing.defaults;
    const adding = editing.mode === "add";
    return html`<sc-dialog
      open
      heading=${adding ? t("people.add") : t("people.edit", { name: p.name ?? "" })}
      closeLabel=${t("common.close")}
      @closed=${() => (this.editing = null)}
    >
      ${adding && this.nameCluster
        ? html`<div class="notice">${t("people.naming_stranger", { stranger: t("stranger.number", { number: this.nameCluster.number }) })}</div>`
        : nothing}
      <form class="form" data-form="person" @submit=${this.savePerson} novalidate>
        ${adding ? field(t("people.person_id"), "person_id", html`<input name="person_id" placeholder=${t("people.person_id_auto")} />`, e) : nothing}
        ${field(t("people.name"), "name", html`<input name="name" .value=${p.name ?? ""} required />`, e)}
        ${field(
          t("people.role"),
          "role",
          html`<select name="role">
            ${REGISTERED_ROLES.map((r) => html`<option value=${r} ?selected=${p.role === r}>${t(`role.${r}`)}</option>`)}
          </select>`,
          e,
        )}
        ${field(
          t("people.id_number"),
          "id_number",
          html`<input name="id_number" autocomplete="off" placeholder=${p.id_number ?? "340121198001011230"} />`,
          e,
          { hint: adding ? "" : t("people.masked_hint") },
        )}
        ${field(t("people.mobile"), "mobile", html`<input name="mobile" type="tel" placeholder=${p.mobile ?? "13800138000"} />`, e)}
        ${field(t("people.building_label"), "building", html`<input name="building" .value=${p.building ?? ""} />`, e)}
        ${field(t("people.unit_label"), "unit", html`<input name="unit" .value=${p.unit ?? ""} />`, e)}
        ${field(t("people.room_label"), "room", html`<input name="room" .value=${p.room ?? ""} placeholder="1502" />`, e)}
        ${field(t("people.cards"), "cards", html`<input name="cards" .value=${(p.cards ?? []).join(", ")} />`, e)}
        ${field(t("people.move_in"), "move_in", html`<input type="date" name="move_in" .value=${p.move_in ?? ""} />`, e, { hint: t("people.tenant_hint") })}
        ${field(t("people.move_out_date"), "move_out", html`<input type="date" name="move_out" .value=${p.move_out ?? ""} />`, e)}
        ${field(
          t("people.watch_list"),
          "watch_list",
          html`<select name="watch_list">
            ${WATCH_KINDS.map((k) => html`<option value=${k} ?selected=${(p.watch?.kind ?? "none") === k}>${t(`watch.${k}`)}</option>`)}
          </select>`,
          e,
        )}
        ${field(t("people.watch_reason"), "watch_reason", html`<input name="watch_reason" .value=${p.watch?.reason ?? ""} />`, e)}
        ${field(
          t("people.inactivity_hours"),
          "inactivity_hours",
          html`<input type="number" min="0" max="720" name="inactivity_hours" .value=${p.care ? String(p.care.inactivity_hours) : ""} />`,
          e,
          { hint: t("people.care_hint") },
        )}
        ${field(t("people.emergency_contact_name"), "emergency_contact_name", html`<input name="emergency_contact_name" .value=${p.care?.emergency_contact_name ?? ""} />`, e)}
        ${field(
          t("people.emergency_contact_mobile"),
          "emergency_contact_mobile",
          html`<input name="emergency_contact_mobile" type="tel" placeholder=${p.care?.emergency_contact_mobile ?? ""} />`,
          e,
        )}
        ${generalError(e)}
        <div class="actions row">
          <button class="primary" type="submit" ?disabled=${this.busy}>${t("common.save")}</button>
        </div>
      </form>
    </sc-dialog>`;
  }

  private renderMoveOut(person: PersonRow) {
    const t = this.t;
    const tenant = person.role === "tenant";
    return html`<sc-dialog open heading=${tenant ? t("people.move_out") : t("people.remove")} closeLabel=${t("common.close")} @closed=${() => (this.moveOut = null)}>
      <form class="form" data-form="move-out" @submit=${this.confirmMoveOut} novalidate>
        <p class="wide">${tenant ? t("people.move_out_text", { name: person.name }) : t("people.remove_text", { name: person.name })}</p>
        ${tenant
          ? field(
              t("people.move_out_date"),
              "move_out",
              html`<input type="date" name="move_out" .value=${toDateInput(new Date(), this.timeZone)} />`,
              this.moveOutErrors,
            )
          : nothing}
        ${generalError(this.moveOutErrors)}
        <div class="actions"><button class="danger" type="submit" ?disabled=${this.busy}>${t("common.confirm")}</button></div>
      </form>
    </sc-dialog>`;
  }

  protected override render() {
    return html`${this.error ? html`<div class="form-error" role="alert">${this.error}</div>` : nothing}
      ${this.notice ? html`<div class="notice" role="status">${this.notice}</div>` : nothing}
      <div class="layout">${this.renderTree()} ${this.renderList()}</div>
      ${this.detail ? this.renderDetail(this.detail) : nothing}
      ${this.editing ? this.renderPersonForm(this.editing) : nothing}
      ${this.moveOut ? this.renderMoveOut(this.moveOut) : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "sc-people-view": PeopleView;
  }
}
