/**
 * The websocket contract between the panel and the integration (see ../../API.md).
 *
 * Every command the panel sends is a key of `Commands`, every subscription a key of
 * `Subscriptions`; the test backend (test/fake/backend.ts) implements exactly these maps, so a
 * command the panel uses but the contract lacks does not compile. Enumerations are `as const`
 * arrays so that the translation test can check every value has a label in both languages.
 */

// --- scalars --------------------------------------------------------------------------------

/** ISO 8601 with offset, in the community's (HA's) time zone: `2026-03-01T08:15:00+08:00`. */
export type IsoDateTime = string;
/** `YYYY-MM-DD`. */
export type IsoDate = string;
/** CNY as a decimal string with two places (`"12.50"`), never a float. */
export type Money = string;
/**
 * A short-lived URL from HA's `async_sign_path` (`/api/smart_community/...?authSig=...`),
 * usable as `<img src>` and as a download link. Never a file path.
 */
export type SignedUrl = string;
/** A picture or file sent by the panel: standard base64 without a `data:` prefix. */
export type Base64 = string;

// --- enumerations ---------------------------------------------------------------------------

export const ROLES = ["admin", "manager", "guard"] as const;
/** The HA user's role in the community console. */
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "live",
  "gates.open",
  "alarms.acknowledge",
  "visitors",
  "parking.gate",
  "people",
  "records",
  "records.export_full",
  "trajectory",
  "strangers",
  "parking",
  "devices",
  "devices.import",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const TIERS = ["standard", "medium", "high"] as const;
export type Tier = (typeof TIERS)[number];

export const RECORD_KINDS = [
  "face_capture",
  "recognition",
  "plate_read",
  "door_open",
  "turnstile_open",
  "barrier_open",
  "denial",
  "alert",
  "alarm",
  "patrol_check_in",
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const DECISIONS = ["allow", "deny", "alert"] as const;
export type Decision = (typeof DECISIONS)[number];

export const DECISION_REASONS = [
  "resident",
  "staff",
  "visitor_pass",
  "monthly_pass",
  "parking_space",
  "temporary_parking",
  "re_entry",
  "exit",
  "unknown_person",
  "unknown_plate",
  "pass_expired",
  "pass_not_yet_valid",
  "tenant_moved_out",
  "tenancy_not_started",
  "wrong_unit",
  "gate_not_allowed",
  "outside_hours",
  "monthly_pass_expired",
  "no_monthly_pass",
  "fee_unpaid",
  "no_entry_record",
  "black_list",
  "watch_list",
  "match_not_verified",
  "low_similarity",
  "not_live",
  "plate_uncertain",
  "look_again",
] as const;
export type DecisionReason = (typeof DECISION_REASONS)[number];

export const PERSON_ROLES = ["owner", "family", "tenant", "visitor", "staff", "guard"] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];
/** Roles the People view registers (visitors come through visitor passes). */
export const REGISTERED_ROLES = ["owner", "family", "tenant", "staff", "guard"] as const;
export type RegisteredRole = (typeof REGISTERED_ROLES)[number];

export const ACCESS_METHODS = [
  "face",
  "ic_card",
  "id_card",
  "fingerprint",
  "voiceprint",
  "qr",
  "remote",
  "plate",
] as const;
export type AccessMethod = (typeof ACCESS_METHODS)[number];

export const ALARM_TYPES = [
  "smoke",
  "manhole",
  "perimeter",
  "falling_object",
  "tamper",
  "forced",
  "tailgating",
] as const;
export type AlarmType = (typeof ALARM_TYPES)[number];

export const PLATE_COLORS = ["blue", "yellow", "green", "white", "black", "yellow_green"] as const;
export type PlateColor = (typeof PLATE_COLORS)[number];

export const IMAGE_TYPES = ["face", "scene", "plate", "vehicle"] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

export const WATCH_KINDS = ["none", "watch_list", "black_list"] as const;
export type WatchKind = (typeof WATCH_KINDS)[number];

export const GATE_KINDS = ["turnstile", "barrier", "access_terminal"] as const;
export type GateKind = (typeof GATE_KINDS)[number];

export const DEVICE_KINDS = [
  "face_camera",
  "camera",
  "nvr",
  "turnstile",
  "barrier",
  "plate_camera",
  "vehicle_detector",
  "access_terminal",
  "gateway",
  "collection_terminal",
  "smoke_detector",
  "manhole_sensor",
  "perimeter_sensor",
  "falling_object_camera",
  "patrol_checkpoint",
  "water_meter",
  "electricity_meter",
  "gas_meter",
] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

export const PHOTO_REASONS = [
  "enrolled",
  "no_face",
  "several_faces",
  "poor_quality",
  "unreadable",
  "too_large",
  "near_duplicate",
] as const;
export type PhotoReason = (typeof PHOTO_REASONS)[number];

export const QUALITY_ISSUES = [
  "too_small",
  "blurred",
  "turned",
  "tilted",
  "low_detector_score",
] as const;
export type QualityIssue = (typeof QUALITY_ISSUES)[number];

export const PASS_STATUSES = ["active", "upcoming", "expired", "revoked"] as const;
export type PassStatus = (typeof PASS_STATUSES)[number];

export const PARKING_KINDS = ["monthly_pass", "own_space", "visitor", "temporary"] as const;
export type ParkingKind = (typeof PARKING_KINDS)[number];

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const REGISTER_COLUMN_KEYS = [
  "code",
  "name",
  "manufacturer",
  "division",
  "point_type",
  "ipv4",
  "camera_type",
  "camera_function",
  "power_supply",
  "resolution",
  "install_address",
  "longitude",
  "latitude",
  "position_type",
  "direction",
  "indoor_outdoor",
  "networked",
  "police_org",
  "install_date",
  "management_unit",
  "management_phone",
  "maintenance_unit",
  "maintenance_phone",
  "retention_days",
  "status",
  "device_kind",
  "building",
  "unit",
  "gate",
  "lane",
  "transport",
  "address",
] as const;
export type RegisterColumnKey = (typeof REGISTER_COLUMN_KEYS)[number];

// --- errors ---------------------------------------------------------------------------------

/**
 * What `hass.callWS` rejects with (HA's websocket error payload). Validation errors of the
 * features carry the integration's translation key; `translation_placeholders.field` names the
 * command parameter the error is about, so the panel shows it next to that field.
 */
export interface WsError {
  code: string;
  message: string;
  translation_key?: string;
  translation_domain?: string;
  translation_placeholders?: Record<string, string> | null;
}

/** The `code`s the panel distinguishes (HA's own constants). */
export const WS_ERROR_CODES = [
  "invalid_format",
  "unauthorized",
  "not_found",
  "home_assistant_error",
  "service_validation_error",
  "unknown_command",
  "unknown_error",
  "timeout",
] as const;
export type WsErrorCode = (typeof WS_ERROR_CODES)[number];

/** The integration's translation keys the console's commands may answer with. */
export const ERROR_KEYS = [
  // shared with the actions (strings.json "exceptions")
  "unknown_device",
  "no_command_transport",
  "command_failed",
  "vehicle_present",
  "unknown_community",
  "register_unreadable",
  "register_has_problems",
  "recognition_unavailable",
  "invalid_id_number",
  "invalid_mobile",
  "invalid_plate",
  "invalid_plate_color",
  "unknown_building",
  "unknown_unit",
  "invalid_room",
  "unknown_person",
  "unknown_vehicle",
  "duplicate_person",
  "duplicate_plate",
  "duplicate_card",
  "invalid_period",
  "missing_field",
  "invalid_field",
  "person_in_use",
  "corrupt_registry",
  "overlapping_pass",
  "unknown_gate",
  "already_inside",
  "not_inside",
  "admin_required",
  "person_or_cluster",
  "invalid_cursor",
  "invalid_query",
  "cannot_connect",
  "unknown_export_format",
  // new with the console
  "permission_denied",
  "image_too_large",
  "invalid_image",
  "no_face_in_photo",
  "file_too_large",
  "unknown_record",
  "unknown_cluster",
  "same_cluster",
  "unknown_session",
  "not_a_visitor",
  "pass_already_revoked",
  "nothing_to_collect",
  "unknown_photo",
  "gate_not_openable",
] as const;
export type ErrorKey = (typeof ERROR_KEYS)[number];

// --- shared shapes --------------------------------------------------------------------------

export interface CommunitySummary {
  entry_id: string;
  name: string;
  /** The 15-digit community code. */
  code: string;
  tier: Tier;
  /** The register's entrances (东门, 南门 …) in register order. */
  gates: string[];
}

export interface ImageRef {
  type: ImageType;
  url: SignedUrl;
  thumb_url: SignedUrl;
}

export interface ClipRef {
  url: SignedUrl;
}

export interface FallingOrigin {
  floor: number;
  floor_low: number;
  floor_high: number;
  column: number;
  /** 0.25 … 1; null when the record does not say. */
  confidence: number | null;
}

/** A stored record as the console shows it (the actions' record plus names and pictures). */
export interface RecordRow {
  id: number;
  time: IsoDateTime;
  kind: RecordKind;
  device: string;
  device_name: string | null;
  gate: string | null;
  building: string | null;
  unit: string | null;
  person_id: string | null;
  person_name: string | null;
  role: PersonRole | null;
  cluster_id: string | null;
  /** "stranger #N": the cluster's number, stable for the cluster's life. */
  stranger_number: number | null;
  plate: string | null;
  plate_color: PlateColor | null;
  method: AccessMethod | null;
  outcome: Decision | null;
  reason: DecisionReason | null;
  similarity: number | null;
  alarm: AlarmType | null;
  images: ImageRef[];
  /** Video evidence (a falling-object throw's MP4 clip), served through HA's auth. */
  clips: ClipRef[];
  /** A throw the integration saw itself: the floor and window column it came from. */
  falling: FallingOrigin | null;
  /** Alarms and alerts: who acknowledged them and when (null while open). */
  acknowledged_by: string | null;
  acknowledged_at: IsoDateTime | null;
}

export interface RecordFilters {
  person_id?: string;
  cluster_id?: string;
  plate?: string;
  device?: string;
  kind?: RecordKind;
  start?: IsoDateTime;
  end?: IsoDateTime;
}

export interface Page {
  /** 1–200, default 50. */
  limit?: number;
  /** `next_cursor` of the previous page. */
  cursor?: string;
}

export interface Gate {
  device: string;
  name: string;
  kind: GateKind;
  gate: string | null;
  building: string | null;
  unit: string | null;
  online: boolean | null;
  state: "open" | "closed" | "unknown";
}

export interface LiveCounts {
  people_inside: number;
  visitors_inside: number;
  entries_today: number;
  exits_today: number;
  free_spaces: number;
  open_alarms: number;
}

export interface Download {
  url: SignedUrl;
  filename: string;
  rows: number;
}

// --- people ---------------------------------------------------------------------------------

export interface WatchEntry {
  kind: Exclude<WatchKind, "none">;
  reason: string;
  since: IsoDateTime | null;
}

export interface CareProfile {
  inactivity_hours: number;
  emergency_contact_name: string;
  /** Masked: `138****8000`. */
  emergency_contact_mobile: string;
  last_seen: IsoDateTime | null;
  overdue: boolean;
}

export interface PersonRow {
  person_id: string;
  name: string;
  role: PersonRole;
  /** Masked: `340121********1230`. */
  id_number: string | null;
  /** Masked: `138****8000`. */
  mobile: string | null;
  building: string | null;
  unit: string | null;
  room: string | null;
  move_in: IsoDate | null;
  move_out: IsoDate | null;
  watch: WatchEntry | null;
  care: CareProfile | null;
  /** Enrolled face photos. */
  faces: number;
}

export interface PhotoRef {
  photo_id: string;
  url: SignedUrl;
  thumb_url: SignedUrl;
}

export interface MonthlyPass {
  valid_from: IsoDate;
  valid_until: IsoDate;
  active: boolean;
}

export interface Vehicle {
  plate: string;
  owner_id: string;
  owner_name: string | null;
  color: PlateColor;
  parking_space: string | null;
  monthly_pass: MonthlyPass | null;
}

export interface PersonDetail extends PersonRow {
  cards: string[];
  photos: PhotoRef[];
  vehicles: Vehicle[];
  /** Everybody else registered in the same room. */
  household: PersonRow[];
  last_seen: IsoDateTime | null;
}

/** The editable fields, as the add_person / update_person actions take them. */
export interface PersonFields {
  name?: string;
  role?: RegisteredRole;
  /** Full number; only ever sent, never returned. */
  id_number?: string;
  mobile?: string;
  building?: string;
  unit?: string;
  room?: string;
  cards?: string[];
  move_in?: IsoDate;
  move_out?: IsoDate | null;
  watch_list?: WatchKind;
  watch_reason?: string;
  /** 0 or null: not a care resident. */
  inactivity_hours?: number | null;
  emergency_contact_name?: string;
  emergency_contact_mobile?: string;
}

export interface RoomNode {
  room: string;
  residents: number;
}
export interface UnitNode {
  unit: string;
  rooms: RoomNode[];
}
export interface BuildingNode {
  building: string;
  units: UnitNode[];
}

export interface PhotoResult {
  filename: string;
  accepted: boolean;
  reason: PhotoReason;
  issues: QualityIssue[];
  /** Faces found in the photo (null when the photo could not be read). */
  faces: number | null;
  /** The closest other enrolled person's similarity, when high enough to matter. */
  similar_person: { person_id: string; name: string; similarity: number } | null;
  photo: PhotoRef | null;
}

// --- visitors -------------------------------------------------------------------------------

export interface VisitorPass {
  person_id: string;
  name: string;
  /** Masked. */
  mobile: string | null;
  host_id: string;
  host_name: string;
  /** `5栋1单元1502`. */
  host_address: string | null;
  valid_from: IsoDateTime;
  valid_until: IsoDateTime;
  /** Empty: every gate. */
  gates: string[];
  plate: string | null;
  status: PassStatus;
  /**
   * What the QR code carries: an opaque ASCII token the backend signs; terminals and the guard's
   * scanner send it back. The panel never builds it.
   */
  qr: string;
  revoked_by: string | null;
}

// --- trajectory, site plan, strangers -------------------------------------------------------

export interface PlanDevice {
  device: string;
  name: string;
  kind: DeviceKind;
  /** WGS-84 degrees from the register (6 decimals); null when the register has none. */
  longitude: number | null;
  latitude: number | null;
  building: string | null;
  unit: string | null;
  gate: string | null;
  online: boolean | null;
}

export interface TrajectoryPoint {
  record_id: number;
  time: IsoDateTime;
  device: string;
  device_name: string | null;
  kind: RecordKind;
  images: ImageRef[];
}

export interface TrajectorySubject {
  person_id: string | null;
  name: string | null;
  role: PersonRole | null;
  cluster_id: string | null;
  stranger_number: number | null;
}

export interface StrangerSample {
  record_id: number;
  time: IsoDateTime;
  url: SignedUrl;
  thumb_url: SignedUrl;
}

export interface StrangerCluster {
  cluster_id: string;
  number: number;
  visits: number;
  first_seen: IsoDateTime;
  last_seen: IsoDateTime;
  /** Units and gates where the face was seen (`5栋1单元`, `东门`). */
  places: string[];
  samples: StrangerSample[];
  watch: WatchEntry | null;
}

// --- parking --------------------------------------------------------------------------------

export interface Tariff {
  hourly_rate: Money;
  free_minutes: number;
  daily_cap: Money | null;
  night_rate: Money | null;
  night_start: string | null;
  night_end: string | null;
}

export interface CarInside {
  plate: string;
  entered_at: IsoDateTime;
  entry_gate: string | null;
  minutes: number;
  kind: ParkingKind;
  free: boolean;
  fee_due: Money;
  owner_name: string | null;
}

export interface ParkingSession {
  session_id: string;
  plate: string;
  entered_at: IsoDateTime;
  left_at: IsoDateTime;
  entry_gate: string | null;
  exit_gate: string | null;
  kind: ParkingKind;
  fee: Money;
  paid: Money;
  unpaid: Money;
  settled_by: string | null;
}

export interface SettleResult {
  plate: string;
  entered_at: IsoDateTime;
  parked_minutes: number;
  fee: Money;
  paid: Money;
  unpaid: Money;
  free_spaces: number;
}

// --- devices and compliance -----------------------------------------------------------------

export interface RegisterColumn {
  key: RegisterColumnKey;
  /** The standard's Chinese heading (设备编码 …). */
  heading: string;
  /** Part of the police 一机一档 export (the first 25 columns). */
  police: boolean;
  need: "always" | "camera" | "optional";
}

export interface CellProblem {
  /** Spreadsheet row (header = 1); 0 for the file as a whole. */
  row: number;
  /** null: the row or file as a whole. */
  column: RegisterColumnKey | null;
  heading: string;
  /** The register validator's reason (its own words, as `scripts/register-check` prints). */
  reason: string;
}

export interface RegisterTableRow {
  row: number;
  code: string;
  name: string;
  kind: DeviceKind | null;
  /** Cell text as the register file holds it, keyed by column. */
  cells: Partial<Record<RegisterColumnKey, string>>;
  online: boolean | null;
  last_seen: IsoDateTime | null;
  problems: CellProblem[];
}

export interface RegisterTable {
  columns: RegisterColumn[];
  rows: RegisterTableRow[];
  /** Problems not tied to a row (a missing column, an unreadable file). */
  file_problems: CellProblem[];
}

export interface ImportPreview extends RegisterTable {
  added: string[];
  updated: string[];
  unchanged: number;
  absent_from_file: string[];
}

export interface ImportSummary {
  applied: boolean;
  devices: number;
  added: string[];
  updated: string[];
  unchanged: number;
  absent_from_file: string[];
  removed: string[];
  problems: CellProblem[];
}

export interface ComplianceItem {
  id: string;
  /** A tier, "optional" or "register". */
  tier: string;
  title_zh: string;
  title_en: string;
  met: boolean;
  evidence: string[];
  missing: string[];
}

export interface Compliance {
  tier: Tier;
  compliant: boolean;
  items: ComplianceItem[];
}

// --- the command map ------------------------------------------------------------------------

/** Every command takes `entry_id` (the community's config entry) except `session`. */
interface OfEntry {
  entry_id: string;
}

export interface Commands {
  "smart_community/session": {
    params: Record<string, never>;
    result: {
      user: { id: string; name: string; is_admin: boolean };
      role: Role;
      permissions: Permission[];
      communities: CommunitySummary[];
    };
  };

  // live, gates, alarms
  "smart_community/gates/open": {
    params: OfEntry & { device: string };
    result: { device: string; opened_by: string };
  };
  "smart_community/alarms/acknowledge": {
    params: OfEntry & { record_id: number };
    result: { record: RecordRow };
  };

  // records
  "smart_community/records/search": {
    params: OfEntry & RecordFilters & Page;
    result: { records: RecordRow[]; next_cursor: string | null };
  };
  "smart_community/records/get": {
    params: OfEntry & { record_id: number };
    result: { record: RecordRow };
  };
  "smart_community/records/export": {
    params: OfEntry & RecordFilters & { format: ExportFormat; full?: boolean };
    result: Download & { masked: boolean };
  };
  "smart_community/records/search_by_face": {
    params: OfEntry & {
      image: Base64;
      start?: IsoDateTime;
      end?: IsoDateTime;
      /** 1–500, default 100. */
      limit?: number;
    };
    result: {
      faces_in_photo: number;
      /** The photo's largest face as the store saw it. */
      face: ImageRef | null;
      person: { person_id: string; name: string; similarity: number } | null;
      cluster_ids: string[];
      records: Array<RecordRow & { match_similarity: number }>;
    };
  };
  "smart_community/records/trajectory": {
    params: OfEntry & { person_id?: string; cluster_id?: string; start?: IsoDateTime; end?: IsoDateTime };
    result: { subject: TrajectorySubject; points: TrajectoryPoint[] };
  };
  "smart_community/site/plan": {
    params: OfEntry;
    result: { devices: PlanDevice[] };
  };

  // strangers and faces
  "smart_community/strangers/list": {
    params: OfEntry & Page & { sort?: "last_seen" | "visits"; watch_only?: boolean };
    result: { clusters: StrangerCluster[]; next_cursor: string | null };
  };
  "smart_community/strangers/name": {
    params: OfEntry & { cluster_id: string; person_id: string };
    result: { cluster_id: string; person_id: string; name: string; embeddings: number };
  };
  "smart_community/strangers/merge": {
    params: OfEntry & { cluster_id: string; into: string };
    result: { cluster: StrangerCluster };
  };
  "smart_community/strangers/watch": {
    params: OfEntry & { cluster_id: string; watch_list: WatchKind; reason?: string };
    result: { cluster: StrangerCluster };
  };
  "smart_community/faces/not_this_person": {
    params: OfEntry & { record_id: number; person_id?: string; cluster_id?: string };
    result: { record_id: number; new_cluster_id: string; stranger_number: number };
  };

  // people
  "smart_community/people/layout": {
    params: OfEntry;
    result: { buildings: BuildingNode[]; without_address: number };
  };
  "smart_community/people/list": {
    params: OfEntry &
      Page & {
        building?: string;
        unit?: string;
        room?: string;
        role?: PersonRole;
        /** Name, person id, masked-number tail, plate or card. */
        query?: string;
        care_only?: boolean;
        /** Staff, guards and anybody else registered without a room. */
        without_address?: boolean;
      };
    result: { people: PersonRow[]; next_cursor: string | null };
  };
  "smart_community/people/get": {
    params: OfEntry & { person_id: string };
    result: { person: PersonDetail };
  };
  "smart_community/people/add": {
    /** `person_id` may be left out: the backend allocates `P#####`. */
    params: OfEntry & PersonFields & { person_id?: string; name: string; role: RegisteredRole };
    result: { person: PersonRow };
  };
  "smart_community/people/update": {
    params: OfEntry & PersonFields & { person_id: string };
    result: { person: PersonRow };
  };
  "smart_community/people/remove": {
    params: OfEntry & { person_id: string };
    result: { person_id: string; removed: true };
  };
  "smart_community/people/photos/enroll": {
    params: OfEntry & { person_id: string; filename: string; image: Base64 };
    result: { photo: PhotoResult };
  };
  "smart_community/people/photos/remove": {
    params: OfEntry & { person_id: string; photo_id?: string };
    result: { person_id: string; removed: number };
  };
  "smart_community/vehicles/add": {
    params: OfEntry & {
      plate: string;
      owner_id: string;
      color?: PlateColor;
      parking_space?: string;
      monthly_pass_from?: IsoDate;
      monthly_pass_until?: IsoDate;
    };
    result: { vehicle: Vehicle };
  };
  "smart_community/vehicles/update": {
    params: OfEntry & {
      plate: string;
      color?: PlateColor;
      parking_space?: string | null;
      monthly_pass_from?: IsoDate | null;
      monthly_pass_until?: IsoDate | null;
    };
    result: { vehicle: Vehicle };
  };
  "smart_community/vehicles/remove": {
    params: OfEntry & { plate: string };
    result: { plate: string; removed: true };
  };

  // visitors
  "smart_community/visitors/list": {
    params: OfEntry & Page & { status: "active" | "upcoming" | "expired" };
    result: { passes: VisitorPass[]; next_cursor: string | null };
  };
  "smart_community/visitors/issue": {
    params: OfEntry & {
      host_id: string;
      name: string;
      person_id?: string;
      id_number?: string;
      mobile?: string;
      valid_from: IsoDateTime;
      valid_until: IsoDateTime;
      gates: string[];
      plate?: string;
    };
    result: { pass: VisitorPass };
  };
  "smart_community/visitors/revoke": {
    params: OfEntry & { person_id: string };
    result: { pass: VisitorPass };
  };

  // parking
  "smart_community/parking/status": {
    params: OfEntry;
    result: {
      spaces: number;
      free_spaces: number;
      unpaid_total: Money;
      tariff: Tariff;
      inside: CarInside[];
    };
  };
  "smart_community/parking/sessions": {
    params: OfEntry & Page & { plate?: string; unpaid_only?: boolean; start?: IsoDateTime; end?: IsoDateTime };
    result: { sessions: ParkingSession[]; next_cursor: string | null };
  };
  "smart_community/parking/enter": {
    params: OfEntry & { plate: string; gate?: string; free?: boolean };
    result: { car: CarInside; free_spaces: number };
  };
  "smart_community/parking/settle": {
    params: OfEntry & { plate: string; paid: boolean; gate?: string };
    result: SettleResult;
  };
  "smart_community/parking/collect": {
    params: OfEntry & { session_id: string };
    result: { session: ParkingSession; unpaid_total: Money };
  };

  // devices and compliance
  "smart_community/devices/register": {
    params: OfEntry;
    result: RegisterTable;
  };
  "smart_community/devices/check_file": {
    params: OfEntry & { filename: string; data: Base64 };
    result: ImportPreview;
  };
  "smart_community/devices/import_file": {
    params: OfEntry & { filename: string; data: Base64; accept_good_rows: boolean; replace: boolean };
    result: ImportSummary;
  };
  "smart_community/devices/export": {
    params: OfEntry & { police: boolean; format: ExportFormat };
    result: Download;
  };
  "smart_community/devices/compliance": {
    params: OfEntry;
    result: Compliance;
  };
}

export type CommandType = keyof Commands;
export type ParamsOf<K extends CommandType> = Commands[K]["params"];
export type ResultOf<K extends CommandType> = Commands[K]["result"];

/** Messages of `smart_community/live/subscribe`, newest state first. */
export type LiveMessage =
  | {
      type: "snapshot";
      /** The latest records, newest first (`limit`, default 50). */
      events: RecordRow[];
      gates: Gate[];
      /** Alarms and alerts not yet acknowledged, newest first. */
      alarms: RecordRow[];
      counts: LiveCounts;
    }
  | { type: "event"; event: RecordRow }
  | { type: "gate"; gate: Gate }
  | { type: "alarm"; alarm: RecordRow }
  | { type: "counts"; counts: LiveCounts };

export interface Subscriptions {
  "smart_community/live/subscribe": {
    params: OfEntry & { limit?: number };
    message: LiveMessage;
  };
}

export type SubscriptionType = keyof Subscriptions;

/**
 * Which permission each view needs; guards have live, gates, alarms and visitors (and
 * `parking.gate`: letting a car in or out by hand, without the Parking view).
 */
export const VIEWS = [
  { id: "live", permission: "live" },
  { id: "people", permission: "people" },
  { id: "visitors", permission: "visitors" },
  { id: "records", permission: "records" },
  { id: "trajectory", permission: "trajectory" },
  { id: "strangers", permission: "strangers" },
  { id: "parking", permission: "parking" },
  { id: "devices", permission: "devices" },
] as const satisfies ReadonlyArray<{ id: string; permission: Permission }>;
export type ViewId = (typeof VIEWS)[number]["id"];

/**
 * What each command needs. The backend refuses a command without it (`unauthorized`), whatever
 * the panel shows; `null`: any HA user (the session tells them what they may do).
 */
export const COMMAND_PERMISSIONS = {
  "smart_community/session": null,
  "smart_community/live/subscribe": "live",
  "smart_community/gates/open": "gates.open",
  "smart_community/alarms/acknowledge": "alarms.acknowledge",
  "smart_community/records/search": "records",
  "smart_community/records/get": "live",
  "smart_community/records/export": "records",
  "smart_community/records/search_by_face": "records",
  "smart_community/records/trajectory": "trajectory",
  "smart_community/site/plan": "live",
  "smart_community/strangers/list": "strangers",
  "smart_community/strangers/name": "strangers",
  "smart_community/strangers/merge": "strangers",
  "smart_community/strangers/watch": "strangers",
  "smart_community/faces/not_this_person": "strangers",
  "smart_community/people/layout": "people",
  "smart_community/people/list": "visitors",
  "smart_community/people/get": "people",
  "smart_community/people/add": "people",
  "smart_community/people/update": "people",
  "smart_community/people/remove": "people",
  "smart_community/people/photos/enroll": "people",
  "smart_community/people/photos/remove": "people",
  "smart_community/vehicles/add": "people",
  "smart_community/vehicles/update": "people",
  "smart_community/vehicles/remove": "people",
  "smart_community/visitors/list": "visitors",
  "smart_community/visitors/issue": "visitors",
  "smart_community/visitors/revoke": "visitors",
  "smart_community/parking/status": "parking",
  "smart_community/parking/sessions": "parking",
  "smart_community/parking/enter": "parking.gate",
  "smart_community/parking/settle": "parking.gate",
  "smart_community/parking/collect": "parking",
  "smart_community/devices/register": "devices",
  "smart_community/devices/check_file": "devices.import",
  "smart_community/devices/import_file": "devices.import",
  "smart_community/devices/export": "devices",
  "smart_community/devices/compliance": "devices",
} as const satisfies Record<CommandType | SubscriptionType, Permission | null>;

/** The permissions of each console role (the backend's table; the session reports them). */
export const ROLE_PERMISSIONS = {
  guard: ["live", "gates.open", "alarms.acknowledge", "visitors", "parking.gate"],
  manager: [
    "live",
    "gates.open",
    "alarms.acknowledge",
    "visitors",
    "parking.gate",
    "people",
    "records",
    "trajectory",
    "strangers",
    "parking",
    "devices",
  ],
  admin: [...PERMISSIONS],
} as const satisfies Record<Role, readonly Permission[]>;
