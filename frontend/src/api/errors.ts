/**
 * Websocket errors as the panel shows them: a translation key, its placeholders and, when the
 * error is about one parameter, the form field it belongs next to.
 */

import type { WsError } from "./types";

export interface ExplainedError {
  code: string;
  /** `error.<key>` in the translations; null: show `message`. */
  key: string | null;
  placeholders: Record<string, string>;
  message: string;
  /** The form field the error belongs to, or null for the form as a whole. */
  field: string | null;
}

/** The parameter an error key is about when the backend did not say (`field` placeholder). */
const FIELD_OF_KEY: Record<string, string> = {
  invalid_id_number: "id_number",
  invalid_mobile: "mobile",
  invalid_plate: "plate",
  invalid_plate_color: "color",
  unknown_building: "building",
  unknown_unit: "unit",
  invalid_room: "room",
  duplicate_card: "cards",
  duplicate_plate: "plate",
  unknown_vehicle: "plate",
  unknown_gate: "gates",
  overlapping_pass: "valid_from",
  already_inside: "plate",
  not_inside: "plate",
  image_too_large: "image",
  invalid_image: "image",
  no_face_in_photo: "image",
  file_too_large: "data",
  register_unreadable: "data",
  person_or_cluster: "person_id",
  invalid_cursor: "cursor",
  unknown_cluster: "cluster_id",
  same_cluster: "into",
  unknown_device: "device",
};

/** Core field names that are not parameter names (registry validation speaks of records). */
const FIELD_ALIASES: Record<string, string> = {
  tenancy: "move_out",
  visit: "valid_until",
  monthly_pass: "monthly_pass_until",
  address: "building",
  id: "person_id",
  time: "start",
  data: "data",
};

const SCHEMA_PATH = /@ data\['([A-Za-z0-9_]+)'\]/;

function isWsError(value: unknown): value is WsError {
  return typeof value === "object" && value !== null && "code" in value && "message" in value;
}

function sameValue(formValue: unknown, placeholder: string): boolean {
  if (formValue === undefined || formValue === null) return false;
  const values = Array.isArray(formValue) ? formValue : [formValue];
  const wanted = placeholder.replace(/\s/g, "").toUpperCase();
  return values.some(
    (value) => String(value).replace(/\s/g, "").toUpperCase() === wanted && wanted !== "",
  );
}

/**
 * Which of `values` (the form's fields and what was sent) the error is about: the backend's
 * `field` placeholder, the schema path of an `invalid_format`, the field holding the rejected
 * value, or the usual field of the key, in that order.
 */
function fieldFor(error: WsError, values: Record<string, unknown>): string | null {
  const placeholders = error.translation_placeholders ?? {};
  const inForm = (name: string | undefined): string | null =>
    name !== undefined && name in values ? name : null;
  if (placeholders.field) {
    const named = inForm(placeholders.field) ?? inForm(FIELD_ALIASES[placeholders.field]);
    if (named) return named;
  }
  if (error.code === "invalid_format") {
    const match = SCHEMA_PATH.exec(error.message);
    if (match) return inForm(match[1]);
  }
  for (const [name, placeholder] of Object.entries(placeholders)) {
    if (name === "field" || typeof placeholder !== "string") continue;
    const holder = Object.keys(values).find((field) => sameValue(values[field], placeholder));
    if (holder) return holder;
  }
  return error.translation_key ? inForm(FIELD_OF_KEY[error.translation_key]) : null;
}

export function explain(error: unknown, values: Record<string, unknown> = {}): ExplainedError {
  if (!isWsError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return { code: "unknown_error", key: null, placeholders: {}, message, field: null };
  }
  const placeholders: Record<string, string> = {};
  for (const [name, value] of Object.entries(error.translation_placeholders ?? {})) {
    placeholders[name] = String(value);
  }
  let key: string | null = error.translation_key ?? null;
  if (key === null && error.code === "unauthorized") key = "permission_denied";
  if (key === null && error.code === "invalid_format") {
    key = "invalid_format";
    placeholders.detail = error.message;
  }
  if (key === null && error.code === "unknown_command") key = "backend_missing";
  return { code: error.code, key, placeholders, message: error.message, field: fieldFor(error, values) };
}
