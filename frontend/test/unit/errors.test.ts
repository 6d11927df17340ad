/** Which field a websocket error belongs to, and its translation key. */

import assert from "node:assert/strict";
import { test } from "node:test";
import { explain } from "../../src/api/errors";

const error = (key: string, placeholders: Record<string, string>, code = "home_assistant_error") => ({
  code,
  message: key,
  translation_key: key,
  translation_domain: "smart_community",
  translation_placeholders: placeholders,
});

test("the backend's field placeholder wins", () => {
  const e = explain(error("invalid_mobile", { number: "123", field: "emergency_contact_mobile" }), {
    mobile: "123",
    emergency_contact_mobile: "123",
  });
  assert.equal(e.field, "emergency_contact_mobile");
  assert.equal(e.key, "invalid_mobile");
});

test("the registry's own field names map to form fields", () => {
  assert.equal(explain(error("invalid_period", { field: "tenancy" }), { move_in: "", move_out: "" }).field, "move_out");
  assert.equal(explain(error("invalid_period", { field: "visit" }), { valid_until: "" }).field, "valid_until");
  assert.equal(explain(error("missing_field", { field: "address" }), { building: "" }).field, "building");
});

test("without a field, the field holding the rejected value", () => {
  const values = { mobile: "13800138000", emergency_contact_mobile: "12345" };
  assert.equal(explain(error("invalid_mobile", { number: "12345" }), values).field, "emergency_contact_mobile");
  assert.equal(explain(error("unknown_person", { person_id: "P9" }), { host_id: "P9", name: "x" }).field, "host_id");
  // Plates compare without spaces and case.
  assert.equal(explain(error("already_inside", { plate: "皖A12345" }), { plate: "皖a 12345" }).field, "plate");
});

test("otherwise the key's usual field, if the form has it", () => {
  assert.equal(explain(error("invalid_room", { room: "X" }), { room: "1502" }).field, "room");
  assert.equal(explain(error("invalid_room", { room: "X" }), { name: "a" }).field, null);
});

test("a schema error names its parameter in the message", () => {
  const e = explain(
    { code: "invalid_format", message: "expected int for dictionary value @ data['limit']. Got 'x'" },
    { limit: "x" },
  );
  assert.equal(e.key, "invalid_format");
  assert.equal(e.field, "limit");
  assert.match(e.placeholders.detail ?? "", /expected int/);
});

test("unauthorized and unknown commands have their own keys; anything else keeps its message", () => {
  assert.equal(explain({ code: "unauthorized", message: "Unauthorized" }).key, "permission_denied");
  assert.equal(explain({ code: "unknown_command", message: "Unknown command." }).key, "backend_missing");
  const odd = explain(new Error("socket closed"));
  assert.equal(odd.key, null);
  assert.equal(odd.message, "socket closed");
});
