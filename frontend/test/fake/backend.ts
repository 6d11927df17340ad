/**
 * A backend double that answers every command of the contract the way the integration does:
 * the same shapes, the same permission table and the same translated errors (keys and
 * placeholders as the features raise them), over an in-memory demo community. It runs inside
 * the test page; tests steer it through `window.__backend`.
 *
 * `Handlers` is a mapped type over `Commands`: a command added to the contract without a
 * handler here does not compile.
 */

import {
  COMMAND_PERMISSIONS,
  ROLE_PERMISSIONS,
  type CarInside,
  type CellProblem,
  type CommandType,
  type Gate,
  type ImportPreview,
  type LiveCounts,
  type LiveMessage,
  type ParamsOf,
  type ParkingSession,
  type PersonDetail,
  type PersonFields,
  type PersonRow,
  type PhotoResult,
  type RecordRow,
  type RegisterColumnKey,
  type RegisterTableRow,
  type ResultOf,
  type Role,
  type StrangerCluster,
  type Vehicle,
  type VisitorPass,
  type WsError,
} from "../../src/api/types";
import {
  COMMUNITY,
  COMPLIANCE_ITEMS,
  LAYOUT,
  NOW_MS,
  PLAN_DEVICES,
  REGISTER_COLUMNS,
  SECOND_COMMUNITY,
  ago,
  image,
  initialClusters,
  initialGates,
  initialPeople,
  initialRecords,
  initialVehicles,
  person,
  registerRows,
} from "./fixtures";

type Handlers = { [K in CommandType]: (params: ParamsOf<K>) => ResultOf<K> | Promise<ResultOf<K>> };

export class BackendError implements WsError {
  code: string;
  message: string;
  translation_key?: string;
  translation_domain?: string;
  translation_placeholders?: Record<string, string>;

  constructor(code: string, message: string, key?: string, placeholders?: Record<string, string>) {
    this.code = code;
    this.message = message;
    if (key !== undefined) {
      this.translation_key = key;
      this.translation_domain = "smart_community";
      this.translation_placeholders = placeholders ?? {};
    }
  }
}

/** A feature's validation error as HA's websocket layer sends it. */
function fail(key: string, placeholders: Record<string, string> = {}): never {
  throw new BackendError("home_assistant_error", `${key}: ${JSON.stringify(placeholders)}`, key, placeholders);
}

/** A voluptuous schema error as HA sends it (`invalid_format`, path in the message). */
function schemaError(field: string, message: string): never {
  throw new BackendError("invalid_format", `${message} for dictionary value @ data['${field}']. Got None`);
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

/** GB 11643 check digit (what python-stdnum's cn.ric checks first). */
export function idNumberProblem(number: string): string | null {
  const compact = number.replace(/\s/g, "").toUpperCase();
  if (!/^\d{17}[\dX]$/.test(compact)) return "InvalidFormat";
  const sum = ID_WEIGHTS.reduce((total, weight, i) => total + weight * Number(compact[i]), 0);
  return ID_CHECK[sum % 11] === compact[17] ? null : "InvalidChecksum";
}

const MOBILE = /^1[3-9]\d{9}$/;
const PLATE = /^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][A-Z0-9]{5,6}$/;
const ROOM = /^\d{1,2}\d{2}$/;

function compactPlate(plate: string): string {
  return plate.replace(/[\s·•-]/g, "").toUpperCase();
}

function mask(number: string): string {
  return number.length > 7 ? number.slice(0, 3) + "*".repeat(number.length - 7) + number.slice(-4) : "***";
}

function maskId(number: string): string {
  return number.slice(0, 6) + "********" + number.slice(-4);
}

function moment(iso: string): number {
  // Times without an offset are community-local (+08:00), as the backend reads them.
  return Date.parse(/[+-]\d\d:\d\d$|Z$/.test(iso) ? iso : `${iso}+08:00`);
}

function page<T>(items: T[], limit: number | undefined, cursor: string | undefined): { items: T[]; next: string | null } {
  let offset = 0;
  if (cursor !== undefined) {
    const match = /^o:(\d+)$/.exec(cursor);
    if (!match) fail("invalid_cursor", { cursor, field: "cursor" });
    offset = Number(match[1]);
  }
  const size = limit ?? 50;
  if (size < 1 || size > 500) schemaError("limit", "value must be at most 500");
  const slice = items.slice(offset, offset + size);
  return { items: slice, next: offset + size < items.length ? `o:${offset + size}` : null };
}

function base64Bytes(data: string): Uint8Array {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

interface FaceSearchKnob {
  faces: number;
  person: { person_id: string; name: string; similarity: number } | null;
  cluster: string;
}

export class FakeBackend {
  role: Role = "admin";
  userName = "物业经理";
  twoCommunities = false;
  /** Every command received, in order (tests read what the panel sent). */
  readonly calls: Array<{ type: string; params: Record<string, unknown> }> = [];
  /** Commands refused for want of a permission. */
  readonly refused: string[] = [];
  /** Outcomes of the next photo enrolments (default: accepted). */
  photoOutcomes: Array<Pick<PhotoResult, "accepted" | "reason" | "issues" | "faces">> = [];
  /** Sizes of the photos received (the panel scales them down before sending). */
  readonly photoSizes: Array<{ bytes: number; width: number; height: number }> = [];
  faceSearch: FaceSearchKnob = { faces: 1, person: null, cluster: "anon-12" };

  people: PersonDetail[] = initialPeople();
  vehicles: Vehicle[] = initialVehicles();
  records: RecordRow[] = initialRecords();
  clusters: StrangerCluster[] = initialClusters();
  gates: Gate[] = initialGates();
  passes: VisitorPass[] = [
    this.pass("V00001", "周杰", "P00001", ago(60), ago(-180), ["东门"], "皖A88888"),
    this.pass("V00002", "吴磊", "P00004", ago(-1440), ago(-1560), [], null),
    this.pass("V00003", "郑爽", "P00003", ago(3000), ago(2900), ["南门"], null),
  ];
  inside: CarInside[] = [
    { plate: "皖A12345", entered_at: ago(300), entry_gate: "南门", minutes: 300, kind: "monthly_pass", free: true, fee_due: "0.00", owner_name: "张伟" },
    { plate: "苏E99887", entered_at: ago(135), entry_gate: "南门", minutes: 135, kind: "temporary", free: false, fee_due: "15.00", owner_name: null },
    { plate: "皖A88888", entered_at: ago(50), entry_gate: "南门", minutes: 50, kind: "visitor", free: false, fee_due: "5.00", owner_name: "周杰" },
  ];
  sessions: ParkingSession[] = [
    { session_id: "S-101", plate: "浙B55555", entered_at: ago(1500), left_at: ago(1300), entry_gate: "南门", exit_gate: "南门", kind: "temporary", fee: "20.00", paid: "0.00", unpaid: "20.00", settled_by: "赵保安" },
    { session_id: "S-100", plate: "皖A66666", entered_at: ago(2000), left_at: ago(1900), entry_gate: "南门", exit_gate: "南门", kind: "temporary", fee: "10.00", paid: "10.00", unpaid: "0.00", settled_by: "赵保安" },
  ];
  register: RegisterTableRow[] = registerRows();
  private subscribers: Array<(message: LiveMessage) => void> = [];
  private nextId = 5000;
  private clusterNumber = 100;

  private pass(
    person_id: string,
    name: string,
    host_id: string,
    from: string,
    until: string,
    gates: string[],
    plate: string | null,
  ): VisitorPass {
    const host = initialPeople().find((p) => p.person_id === host_id);
    return {
      person_id,
      name,
      mobile: "135****2468",
      host_id,
      host_name: host?.name ?? host_id,
      host_address: host?.building ? `${host.building}栋${host.unit}单元${host.room}` : null,
      valid_from: from,
      valid_until: until,
      gates,
      plate,
      status: "active",
      qr: `SCV1.${person_id}.${(person_id.charCodeAt(4) * 7919).toString(36)}`,
      revoked_by: null,
    };
  }

  private status(pass: VisitorPass): VisitorPass["status"] {
    if (pass.status === "revoked") return "revoked";
    if (moment(pass.valid_until) <= NOW_MS) return "expired";
    if (moment(pass.valid_from) > NOW_MS) return "upcoming";
    return "active";
  }

  get permissions() {
    return ROLE_PERMISSIONS[this.role] as readonly string[];
  }

  // --- transport ------------------------------------------------------------------------

  async callWS<T>(message: Record<string, unknown>): Promise<T> {
    const { type, ...params } = message;
    this.calls.push({ type: String(type), params });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const name = String(type) as CommandType;
    const handler = (this.handlers as Record<string, (p: unknown) => unknown>)[name];
    if (!handler) throw new BackendError("unknown_command", "Unknown command.");
    this.authorise(name);
    if (name !== "smart_community/session" && params.entry_id !== COMMUNITY.entry_id && params.entry_id !== SECOND_COMMUNITY.entry_id) {
      fail("unknown_community", { community: String(params.entry_id) });
    }
    // Results are copied, as JSON over the websocket would.
    return JSON.parse(JSON.stringify(await handler(params))) as T;
  }

  private authorise(type: CommandType | "smart_community/live/subscribe"): void {
    const needed = COMMAND_PERMISSIONS[type];
    if (needed !== null && !this.permissions.includes(needed)) {
      this.refused.push(type);
      throw new BackendError("unauthorized", "Unauthorized");
    }
  }

  async subscribeMessage<T>(callback: (message: T) => void, message: Record<string, unknown>): Promise<() => Promise<void>> {
    this.calls.push({ type: String(message.type), params: message });
    if (message.type !== "smart_community/live/subscribe") throw new BackendError("unknown_command", "Unknown command.");
    this.authorise("smart_community/live/subscribe");
    const deliver = (m: LiveMessage) => callback(JSON.parse(JSON.stringify(m)) as T);
    this.subscribers.push(deliver);
    const limit = typeof message.limit === "number" ? message.limit : 50;
    setTimeout(() =>
      deliver({
        type: "snapshot",
        events: this.records.slice(0, limit),
        gates: this.gates,
        alarms: this.openAlarms(),
        counts: this.counts(),
      }),
    );
    return async () => {
      this.subscribers = this.subscribers.filter((s) => s !== deliver);
    };
  }

  /** Push a live message to every subscriber (tests: a device event arrives). */
  emit(message: LiveMessage): void {
    if (message.type === "event") this.records.unshift(message.event);
    for (const subscriber of this.subscribers) subscriber(message);
  }

  get subscriberCount(): number {
    return this.subscribers.length;
  }

  private openAlarms(): RecordRow[] {
    return this.records.filter((r) => (r.kind === "alarm" || r.kind === "alert") && !r.acknowledged_by);
  }

  private counts(): LiveCounts {
    return {
      people_inside: 312,
      visitors_inside: 4,
      entries_today: 128,
      exits_today: 97,
      free_spaces: 120 - this.inside.length,
      open_alarms: this.openAlarms().length,
    };
  }

  // --- people helpers -------------------------------------------------------------------

  private row(p: PersonDetail): PersonRow {
    const { cards: _c, photos: _p, vehicles: _v, household: _h, last_seen: _l, ...row } = p;
    return row;
  }

  private detail(p: PersonDetail): PersonDetail {
    return {
      ...p,
      vehicles: this.vehicles.filter((v) => v.owner_id === p.person_id),
      household: this.people
        .filter((o) => o.person_id !== p.person_id && o.building && o.building === p.building && o.unit === p.unit && o.room === p.room)
        .map((o) => this.row(o)),
    };
  }

  private findPerson(personId: string, field = "person_id"): PersonDetail {
    const found = this.people.find((p) => p.person_id === personId);
    if (!found) fail("unknown_person", { person_id: personId, field });
    return found;
  }

  /** The registry's validations, in the registry's order, with its keys and placeholders. */
  private validatePerson(fields: PersonFields, current: PersonDetail | null, personId: string): void {
    const name = fields.name ?? current?.name ?? "";
    if (!name.trim()) fail("missing_field", { field: "name" });
    if (fields.id_number) {
      const problem = idNumberProblem(fields.id_number);
      if (problem) fail("invalid_id_number", { reason: problem, field: "id_number" });
    }
    for (const key of ["mobile", "emergency_contact_mobile"] as const) {
      const number = fields[key];
      if (number && !MOBILE.test(number.replace(/^\+86/, ""))) fail("invalid_mobile", { number });
    }
    const role = fields.role ?? current?.role;
    const building = fields.building ?? current?.building ?? null;
    const unit = fields.unit ?? current?.unit ?? null;
    const room = fields.room ?? current?.room ?? null;
    const resident = role === "owner" || role === "family" || role === "tenant";
    if (resident && !building) fail("missing_field", { field: "address" });
    if (building) {
      const known = LAYOUT.find((b) => b.building === building.replace(/(栋|号楼|幢)$/, ""));
      if (!known) fail("unknown_building", { building });
      if (unit && !known.units.includes(unit.replace(/单元$/, ""))) fail("unknown_unit", { building, unit });
      if (room && !ROOM.test(room)) fail("invalid_room", { room });
    }
    for (const card of fields.cards ?? []) {
      const holder = this.people.find((p) => p.person_id !== personId && p.cards.includes(card));
      if (holder) fail("duplicate_card", { card, person_id: holder.person_id });
    }
    if (role === "tenant") {
      const moveIn = fields.move_in ?? current?.move_in;
      if (!moveIn) fail("missing_field", { field: "move_in" });
      const moveOut = fields.move_out === undefined ? current?.move_out : fields.move_out;
      if (moveOut && moveOut < moveIn) fail("invalid_period", { field: "tenancy" });
    }
    const hours = fields.inactivity_hours;
    if (hours && !(fields.emergency_contact_mobile || current?.care)) fail("missing_field", { field: "emergency_contact_mobile" });
  }

  private apply(fields: PersonFields, base: PersonDetail): PersonDetail {
    const next: PersonDetail = { ...base };
    if (fields.name !== undefined) next.name = fields.name;
    if (fields.role !== undefined) next.role = fields.role;
    if (fields.id_number) next.id_number = maskId(fields.id_number);
    if (fields.mobile) next.mobile = mask(fields.mobile);
    if (fields.building !== undefined) next.building = fields.building.replace(/(栋|号楼|幢)$/, "");
    if (fields.unit !== undefined) next.unit = fields.unit.replace(/单元$/, "");
    if (fields.room !== undefined) next.room = fields.room;
    if (fields.cards !== undefined) next.cards = fields.cards;
    if (fields.move_in !== undefined) next.move_in = fields.move_in;
    if (fields.move_out !== undefined) next.move_out = fields.move_out;
    if (fields.watch_list !== undefined) {
      next.watch = fields.watch_list === "none" ? null : { kind: fields.watch_list, reason: fields.watch_reason ?? "", since: ago(0) };
    }
    if (fields.inactivity_hours !== undefined) {
      next.care = fields.inactivity_hours
        ? {
            inactivity_hours: fields.inactivity_hours,
            emergency_contact_name: fields.emergency_contact_name ?? base.care?.emergency_contact_name ?? "",
            emergency_contact_mobile: fields.emergency_contact_mobile ? mask(fields.emergency_contact_mobile) : base.care?.emergency_contact_mobile ?? "",
            last_seen: base.care?.last_seen ?? null,
            overdue: false,
          }
        : null;
    }
    return next;
  }

  private validatePlate(plate: string): string {
    const compact = compactPlate(plate);
    if (!PLATE.test(compact)) fail("invalid_plate", { plate, field: "plate" });
    return compact;
  }

  private records_filtered(p: ParamsOf<"smart_community/records/search">): RecordRow[] {
    if (p.start && p.end && moment(p.end) < moment(p.start)) fail("invalid_query", { field: "end" });
    return this.records.filter(
      (r) =>
        (!p.person_id || r.person_id === p.person_id) &&
        (!p.cluster_id || r.cluster_id === p.cluster_id) &&
        (!p.plate || (r.plate !== null && compactPlate(r.plate) === compactPlate(p.plate))) &&
        (!p.device || r.device === p.device) &&
        (!p.kind || r.kind === p.kind) &&
        (!p.start || moment(r.time) >= moment(p.start)) &&
        (!p.end || moment(r.time) < moment(p.end)),
    );
  }

  private findCluster(clusterId: string, field = "cluster_id"): StrangerCluster {
    const found = this.clusters.find((c) => c.cluster_id === clusterId);
    if (!found) fail("unknown_cluster", { cluster_id: clusterId, field });
    return found;
  }

  private async decodePicture(data: string): Promise<{ bytes: number; width: number; height: number }> {
    let bytes: Uint8Array;
    try {
      bytes = base64Bytes(data);
    } catch {
      fail("invalid_image", { field: "image" });
    }
    if (!isJpeg(bytes)) fail("invalid_image", { field: "image" });
    if (bytes.length > 2 * 1024 * 1024) fail("image_too_large", { field: "image" });
    const bitmap = await createImageBitmap(new Blob([bytes as BlobPart], { type: "image/jpeg" }));
    return { bytes: bytes.length, width: bitmap.width, height: bitmap.height };
  }

  private parseRegister(data: string): ImportPreview {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(base64Bytes(data)).replace(/^\uFEFF/, "");
    } catch {
      fail("register_unreadable", { path: "upload", reason: "not a UTF-8 CSV or an .xlsx file", field: "data" });
    }
    const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
    const header = (lines[0] ?? "").split(",").map((h) => h.trim());
    const keys = header.map((h) => REGISTER_COLUMNS.find((c) => c.heading === h)?.key ?? null);
    const fileProblems: CellProblem[] = [];
    for (const needed of REGISTER_COLUMNS.filter((c) => c.need === "always")) {
      if (!keys.includes(needed.key)) fileProblems.push({ row: 1, column: needed.key, heading: needed.heading, reason: "column is missing" });
    }
    const rows: RegisterTableRow[] = lines.slice(1).map((line, i) => {
      const values = line.split(",");
      const cells: Partial<Record<RegisterColumnKey, string>> = {};
      keys.forEach((key, k) => {
        if (key) cells[key] = (values[k] ?? "").trim();
      });
      const row = i + 2;
      const problems: CellProblem[] = [];
      const problem = (key: RegisterColumnKey, reason: string) =>
        problems.push({ row, column: key, heading: REGISTER_COLUMNS.find((c) => c.key === key)?.heading ?? key, reason });
      if (!/^\d{20}$/.test(cells.code ?? "")) problem("code", "must be 20 digits");
      const octets = (cells.ipv4 ?? "").split(".");
      if (cells.ipv4 && (octets.length !== 4 || octets.some((o) => !/^\d{1,3}$/.test(o) || Number(o) > 255))) {
        problem("ipv4", `${cells.ipv4} is not an IPv4 address`);
      }
      for (const key of ["longitude", "latitude"] as const) {
        if (cells[key] && !/^\d+\.\d{6}$/.test(cells[key] ?? "")) problem(key, "needs exactly 6 decimals");
      }
      return { row, code: cells.code ?? "", name: cells.name ?? "", kind: null, cells, online: null, last_seen: null, problems };
    });
    const known = new Set(this.register.map((r) => r.code));
    const codes = new Set(rows.map((r) => r.code));
    return {
      columns: REGISTER_COLUMNS,
      rows,
      file_problems: fileProblems,
      added: rows.filter((r) => !known.has(r.code)).map((r) => r.code),
      updated: rows.filter((r) => known.has(r.code)).map((r) => r.code),
      unchanged: 0,
      absent_from_file: [...known].filter((code) => !codes.has(code)),
    };
  }

  // --- the commands ---------------------------------------------------------------------

  readonly handlers: Handlers = {
    "smart_community/session": () => ({
      user: { id: "user-1", name: this.userName, is_admin: this.role === "admin" },
      role: this.role,
      permissions: [...(ROLE_PERMISSIONS[this.role] as readonly (typeof ROLE_PERMISSIONS)["admin"][number][])],
      communities: this.twoCommunities ? [COMMUNITY, SECOND_COMMUNITY] : [COMMUNITY],
    }),

    "smart_community/gates/open": (p) => {
      const gate = this.gates.find((g) => g.device === p.device);
      if (!gate) fail("unknown_device", { device: p.device, field: "device" });
      if (gate.online === false) fail("no_command_transport", { device: gate.name, transport: "rs485" });
      const opened = { ...gate, state: "open" as const };
      this.gates = this.gates.map((g) => (g.device === gate.device ? opened : g));
      this.emit({ type: "gate", gate: opened });
      return { device: gate.device, opened_by: this.userName };
    },
    "smart_community/alarms/acknowledge": (p) => {
      const record = this.records.find((r) => r.id === p.record_id);
      if (!record) fail("unknown_record", { record_id: String(p.record_id) });
      record.acknowledged_by = this.userName;
      record.acknowledged_at = ago(0);
      for (const s of this.subscribers) s({ type: "alarm", alarm: record });
      return { record };
    },

    "smart_community/records/search": (p) => {
      const { items, next } = page(this.records_filtered(p), p.limit, p.cursor);
      return { records: items, next_cursor: next };
    },
    "smart_community/records/get": (p) => {
      const record = this.records.find((r) => r.id === p.record_id);
      if (!record) fail("unknown_record", { record_id: String(p.record_id) });
      return { record };
    },
    "smart_community/records/export": (p) => {
      if (p.full && this.role !== "admin") fail("admin_required");
      const rows = this.records_filtered(p).length;
      const filename = `records-2026-03-01.${p.format}`;
      return { url: `/api/smart_community/download/${filename}?authSig=signed`, filename, rows, masked: !p.full };
    },
    "smart_community/records/search_by_face": async (p) => {
      const size = await this.decodePicture(p.image);
      this.photoSizes.push(size);
      const knob = this.faceSearch;
      if (knob.faces === 0) fail("no_face_in_photo", { field: "image" });
      const records = this.records
        .filter((r) => r.cluster_id === knob.cluster || (knob.person !== null && r.person_id === knob.person.person_id))
        .slice(0, p.limit ?? 100)
        .map((r, i) => ({ ...r, match_similarity: Math.round((0.82 - i * 0.004) * 1000) / 1000 }));
      return {
        faces_in_photo: knob.faces,
        face: image("face", "face-12"),
        person: knob.person,
        cluster_ids: [knob.cluster],
        records,
      };
    },
    "smart_community/records/trajectory": (p) => {
      if (!!p.person_id === !!p.cluster_id) fail("person_or_cluster", { field: "person_id" });
      if (p.start && p.end && moment(p.end) < moment(p.start)) fail("invalid_query", { field: "end" });
      const person = p.person_id ? this.findPerson(p.person_id) : null;
      const cluster = p.cluster_id ? this.findCluster(p.cluster_id) : null;
      const points = this.records
        .filter((r) => (person ? r.person_id === person.person_id : r.cluster_id === cluster?.cluster_id))
        .filter((r) => (!p.start || moment(r.time) >= moment(p.start)) && (!p.end || moment(r.time) < moment(p.end)))
        .slice(0, 12)
        .reverse()
        .map((r) => ({ record_id: r.id, time: r.time, device: r.device, device_name: r.device_name, kind: r.kind, images: r.images }));
      return {
        subject: {
          person_id: person?.person_id ?? null,
          name: person?.name ?? null,
          role: person?.role ?? null,
          cluster_id: cluster?.cluster_id ?? null,
          stranger_number: cluster?.number ?? null,
        },
        points,
      };
    },
    "smart_community/site/plan": () => ({ devices: PLAN_DEVICES }),

    "smart_community/strangers/list": (p) => {
      const sorted = [...this.clusters]
        .filter((c) => !p.watch_only || c.watch !== null)
        .sort((a, b) => (p.sort === "visits" ? b.visits - a.visits : a.last_seen < b.last_seen ? 1 : -1));
      const { items, next } = page(sorted, p.limit, p.cursor);
      return { clusters: items, next_cursor: next };
    },
    "smart_community/strangers/name": (p) => {
      const cluster = this.findCluster(p.cluster_id);
      const person = this.findPerson(p.person_id);
      this.clusters = this.clusters.filter((c) => c !== cluster);
      person.faces += cluster.samples.length;
      return { cluster_id: cluster.cluster_id, person_id: person.person_id, name: person.name, embeddings: cluster.samples.length };
    },
    "smart_community/strangers/merge": (p) => {
      if (p.cluster_id === p.into) fail("same_cluster", { field: "into" });
      const from = this.findCluster(p.cluster_id);
      const into = this.findCluster(p.into, "into");
      const merged: StrangerCluster = {
        ...into,
        visits: into.visits + from.visits,
        first_seen: from.first_seen < into.first_seen ? from.first_seen : into.first_seen,
        last_seen: from.last_seen > into.last_seen ? from.last_seen : into.last_seen,
        places: [...new Set([...into.places, ...from.places])],
        samples: [...into.samples, ...from.samples].slice(0, 6),
      };
      this.clusters = this.clusters.filter((c) => c !== from).map((c) => (c === into ? merged : c));
      return { cluster: merged };
    },
    "smart_community/strangers/watch": (p) => {
      const cluster = this.findCluster(p.cluster_id);
      if (p.watch_list !== "none" && !(p.reason ?? "").trim()) fail("missing_field", { field: "reason" });
      const updated: StrangerCluster = {
        ...cluster,
        watch: p.watch_list === "none" ? null : { kind: p.watch_list, reason: p.reason ?? "", since: ago(0) },
      };
      this.clusters = this.clusters.map((c) => (c === cluster ? updated : c));
      return { cluster: updated };
    },
    "smart_community/faces/not_this_person": (p) => {
      if (!!p.person_id === !!p.cluster_id) fail("person_or_cluster");
      const record = this.records.find((r) => r.id === p.record_id);
      const inCluster = p.cluster_id ? this.findCluster(p.cluster_id).samples.some((s) => s.record_id === p.record_id) : false;
      if (!record && !inCluster) fail("unknown_record", { record_id: String(p.record_id) });
      this.clusterNumber += 1;
      if (p.cluster_id) {
        this.clusters = this.clusters.map((c) =>
          c.cluster_id === p.cluster_id ? { ...c, visits: c.visits - 1, samples: c.samples.filter((s) => s.record_id !== p.record_id) } : c,
        );
      }
      return { record_id: p.record_id, new_cluster_id: `anon-${this.clusterNumber}`, stranger_number: this.clusterNumber };
    },

    "smart_community/people/layout": () => ({
      buildings: LAYOUT.map((b) => ({
        building: b.building,
        units: b.units.map((u) => {
          const rooms = new Map<string, number>();
          for (const p of this.people) if (p.building === b.building && p.unit === u && p.room) rooms.set(p.room, (rooms.get(p.room) ?? 0) + 1);
          return { unit: u, rooms: [...rooms.entries()].sort().map(([room, residents]) => ({ room, residents })) };
        }),
      })),
      without_address: this.people.filter((p) => !p.building).length,
    }),
    "smart_community/people/list": (p) => {
      const query = (p.query ?? "").trim().toUpperCase();
      const matches = this.people.filter(
        (person) =>
          (!p.building || person.building === p.building) &&
          (!p.unit || person.unit === p.unit) &&
          (!p.room || person.room === p.room) &&
          (!p.role || person.role === p.role) &&
          (!p.care_only || person.care !== null) &&
          (!p.without_address || !person.building) &&
          (!query ||
            person.name.toUpperCase().includes(query) ||
            person.person_id.toUpperCase().includes(query) ||
            person.cards.some((c) => c.toUpperCase() === query) ||
            this.vehicles.some((v) => v.owner_id === person.person_id && compactPlate(v.plate) === compactPlate(query))),
      );
      const { items, next } = page(matches, p.limit, p.cursor);
      return { people: items.map((person) => this.row(person)), next_cursor: next };
    },
    "smart_community/people/get": (p) => ({ person: this.detail(this.findPerson(p.person_id)) }),
    "smart_community/people/add": (p) => {
      const { entry_id: _e, person_id, ...fields } = p;
      const id = person_id ?? `P${String(this.people.length + 1).padStart(5, "0")}`;
      if (this.people.some((o) => o.person_id === id)) fail("duplicate_person", { person_id: id, field: "person_id" });
      this.validatePerson(fields, null, id);
      const created = this.apply(fields, person({ person_id: id, name: fields.name, role: fields.role }));
      this.people.push(created);
      return { person: this.row(created) };
    },
    "smart_community/people/update": (p) => {
      const { entry_id: _e, person_id, ...fields } = p;
      const current = this.findPerson(person_id);
      this.validatePerson(fields, current, person_id);
      const updated = this.apply(fields, current);
      this.people = this.people.map((o) => (o === current ? updated : o));
      return { person: this.row(updated) };
    },
    "smart_community/people/remove": (p) => {
      const person = this.findPerson(p.person_id);
      const vehicle = this.vehicles.find((v) => v.owner_id === person.person_id);
      if (vehicle) fail("person_in_use", { person_id: person.person_id, by: vehicle.plate });
      this.people = this.people.filter((o) => o !== person);
      return { person_id: person.person_id, removed: true as const };
    },
    "smart_community/people/photos/enroll": async (p) => {
      const person = this.findPerson(p.person_id);
      const size = await this.decodePicture(p.image);
      this.photoSizes.push(size);
      const outcome = this.photoOutcomes.shift() ?? { accepted: true, reason: "enrolled" as const, issues: [], faces: 1 };
      let photo = null;
      if (outcome.accepted) {
        person.faces += 1;
        photo = { photo_id: `ph${this.nextId++}`, url: "/api/smart_community/image/face-new.svg?authSig=f", thumb_url: "/api/smart_community/image/face-new.svg?authSig=t" };
        person.photos = [...person.photos, photo];
      }
      return { photo: { filename: p.filename, ...outcome, similar_person: null, photo } };
    },
    "smart_community/people/photos/remove": (p) => {
      const person = this.findPerson(p.person_id);
      const removed = person.faces;
      person.faces = 0;
      person.photos = [];
      return { person_id: person.person_id, removed };
    },
    "smart_community/vehicles/add": (p) => {
      const plate = this.validatePlate(p.plate);
      const owner = this.findPerson(p.owner_id, "owner_id");
      if (this.vehicles.some((v) => compactPlate(v.plate) === plate)) fail("duplicate_plate", { plate, field: "plate" });
      if (p.monthly_pass_until && p.monthly_pass_from && p.monthly_pass_until < p.monthly_pass_from) {
        fail("invalid_period", { field: "monthly_pass" });
      }
      const vehicle: Vehicle = {
        plate,
        owner_id: owner.person_id,
        owner_name: owner.name,
        color: p.color ?? "blue",
        parking_space: p.parking_space ?? null,
        monthly_pass: p.monthly_pass_until
          ? { valid_from: p.monthly_pass_from ?? "2026-03-01", valid_until: p.monthly_pass_until, active: p.monthly_pass_until >= "2026-03-01" }
          : null,
      };
      this.vehicles.push(vehicle);
      return { vehicle };
    },
    "smart_community/vehicles/update": (p) => {
      const vehicle = this.vehicles.find((v) => compactPlate(v.plate) === compactPlate(p.plate));
      if (!vehicle) fail("unknown_vehicle", { plate: p.plate, field: "plate" });
      if (p.parking_space !== undefined) vehicle.parking_space = p.parking_space;
      if (p.color) vehicle.color = p.color;
      if (p.monthly_pass_until) {
        vehicle.monthly_pass = { valid_from: p.monthly_pass_from ?? "2026-03-01", valid_until: p.monthly_pass_until, active: true };
      }
      return { vehicle };
    },
    "smart_community/vehicles/remove": (p) => {
      const vehicle = this.vehicles.find((v) => compactPlate(v.plate) === compactPlate(p.plate));
      if (!vehicle) fail("unknown_vehicle", { plate: p.plate, field: "plate" });
      this.vehicles = this.vehicles.filter((v) => v !== vehicle);
      return { plate: vehicle.plate, removed: true as const };
    },

    "smart_community/visitors/list": (p) => {
      const passes = this.passes.map((pass) => ({ ...pass, status: this.status(pass) }));
      const wanted = passes.filter((pass) => (p.status === "expired" ? pass.status === "expired" || pass.status === "revoked" : pass.status === p.status));
      const { items, next } = page(wanted, p.limit, p.cursor);
      return { passes: items, next_cursor: next };
    },
    "smart_community/visitors/issue": (p) => {
      // No `field` placeholders here on purpose: the panel finds the field by the rejected value.
      const host = this.people.find((o) => o.person_id === p.host_id);
      if (!host) fail("unknown_person", { person_id: p.host_id });
      if (!p.name.trim()) fail("missing_field", { field: "name" });
      if (!p.valid_from) schemaError("valid_from", "Invalid datetime specified");
      if (!p.valid_until) schemaError("valid_until", "Invalid datetime specified");
      if (moment(p.valid_until) <= moment(p.valid_from)) fail("invalid_period", { field: "visit" });
      if (p.mobile && !MOBILE.test(p.mobile)) fail("invalid_mobile", { number: p.mobile });
      if (p.id_number) {
        const problem = idNumberProblem(p.id_number);
        if (problem) fail("invalid_id_number", { reason: problem });
      }
      const unknown = p.gates.filter((g) => !COMMUNITY.gates.includes(g));
      if (unknown.length) fail("unknown_gate", { gate: unknown.join(", ") });
      const plate = p.plate ? this.validatePlate(p.plate) : null;
      const clash = this.passes.find(
        (o) => plate && o.plate === plate && this.status(o) !== "expired" && moment(o.valid_from) < moment(p.valid_until) && moment(p.valid_from) < moment(o.valid_until),
      );
      if (clash) fail("overlapping_pass", { person_id: clash.person_id, valid_from: clash.valid_from, valid_until: clash.valid_until });
      const id = p.person_id ?? `V${String(this.passes.length + 1).padStart(5, "0")}`;
      const withZone = (value: string) => (/[+-]\d\d:\d\d$/.test(value) ? value : `${value}+08:00`);
      const pass: VisitorPass = {
        ...this.pass(id, p.name, p.host_id, withZone(p.valid_from), withZone(p.valid_until), p.gates, plate),
        host_name: host.name,
        host_address: host.building ? `${host.building}栋${host.unit}单元${host.room}` : null,
        mobile: p.mobile ? mask(p.mobile) : null,
      };
      pass.status = this.status(pass);
      this.passes.unshift(pass);
      this.people.push(person({ person_id: id, name: p.name, role: "visitor" }));
      return { pass };
    },
    "smart_community/visitors/revoke": (p) => {
      const pass = this.passes.find((o) => o.person_id === p.person_id);
      if (!pass) fail("not_a_visitor", { person_id: p.person_id });
      if (pass.status === "revoked") fail("pass_already_revoked", { person_id: p.person_id });
      pass.status = "revoked";
      pass.revoked_by = this.userName;
      return { pass };
    },

    "smart_community/parking/status": () => ({
      spaces: 120,
      free_spaces: 120 - this.inside.length,
      unpaid_total: this.sessions.reduce((sum, s) => sum + Number(s.unpaid), 0).toFixed(2),
      tariff: { hourly_rate: "5.00", free_minutes: 15, daily_cap: "40.00", night_rate: "1.00", night_start: "22:00", night_end: "07:00" },
      inside: this.inside,
    }),
    "smart_community/parking/sessions": (p) => {
      const wanted = this.sessions.filter((s) => (!p.unpaid_only || s.unpaid !== "0.00") && (!p.plate || s.plate === compactPlate(p.plate)));
      const { items, next } = page(wanted, p.limit, p.cursor);
      return { sessions: items, next_cursor: next };
    },
    "smart_community/parking/enter": (p) => {
      const plate = this.validatePlate(p.plate);
      if (this.inside.some((c) => c.plate === plate)) fail("already_inside", { plate, field: "plate" });
      if (p.gate && !COMMUNITY.gates.includes(p.gate)) fail("unknown_gate", { gate: p.gate, field: "gate" });
      const car: CarInside = { plate, entered_at: ago(0), entry_gate: p.gate ?? null, minutes: 0, kind: "temporary", free: !!p.free, fee_due: "0.00", owner_name: null };
      this.inside.push(car);
      return { car, free_spaces: 120 - this.inside.length };
    },
    "smart_community/parking/settle": (p) => {
      const plate = compactPlate(p.plate);
      const car = this.inside.find((c) => c.plate === plate);
      if (!car) fail("not_inside", { plate, field: "plate" });
      this.inside = this.inside.filter((c) => c !== car);
      const fee = car.free ? "0.00" : car.fee_due;
      const paid = p.paid ? fee : "0.00";
      const unpaid = p.paid ? "0.00" : fee;
      this.sessions.unshift({
        session_id: `S-${this.nextId++}`,
        plate,
        entered_at: car.entered_at,
        left_at: ago(0),
        entry_gate: car.entry_gate,
        exit_gate: p.gate ?? "南门",
        kind: car.kind,
        fee,
        paid,
        unpaid,
        settled_by: this.userName,
      });
      return { plate, entered_at: car.entered_at, parked_minutes: car.minutes, fee, paid, unpaid, free_spaces: 120 - this.inside.length };
    },
    "smart_community/parking/collect": (p) => {
      const session = this.sessions.find((s) => s.session_id === p.session_id);
      if (!session) fail("unknown_session", { session_id: p.session_id });
      if (session.unpaid === "0.00") fail("nothing_to_collect");
      session.paid = session.fee;
      session.unpaid = "0.00";
      return { session, unpaid_total: this.sessions.reduce((sum, s) => sum + Number(s.unpaid), 0).toFixed(2) };
    },

    "smart_community/devices/register": () => ({ columns: REGISTER_COLUMNS, rows: this.register, file_problems: [] }),
    "smart_community/devices/check_file": (p) => this.parseRegister(p.data),
    "smart_community/devices/import_file": (p) => {
      const preview = this.parseRegister(p.data);
      const problems = [...preview.file_problems, ...preview.rows.flatMap((r) => r.problems)];
      if (problems.length && !p.accept_good_rows) {
        const first = problems[0]!;
        fail("register_has_problems", { count: String(problems.length), first: `row ${first.row}, column ${first.heading}: ${first.reason}` });
      }
      return {
        applied: true,
        devices: preview.rows.length,
        added: preview.added.filter((code) => !problems.some((pr) => pr.row && preview.rows.find((r) => r.row === pr.row)?.code === code)),
        updated: preview.updated,
        unchanged: preview.unchanged,
        absent_from_file: preview.absent_from_file,
        removed: p.replace ? preview.absent_from_file : [],
        problems,
      };
    },
    "smart_community/devices/export": (p) => {
      const filename = p.police ? "police-register-2026-03-01.xlsx" : `register-2026-03-01.${p.format}`;
      return { url: `/api/smart_community/download/${filename}?authSig=signed`, filename, rows: p.police ? 9 : this.register.length };
    },
    "smart_community/devices/compliance": () => ({ tier: "high", compliant: false, items: COMPLIANCE_ITEMS }),
  };
}
