/** Form helpers: a labelled field with the backend's error next to it, and reading values. */

import { html, nothing, type TemplateResult } from "lit";
import { explain } from "../api/errors";
import { hasKey, type Translate } from "../i18n/i18n";

export interface FormErrors {
  fields: Record<string, string>;
  general: string | null;
}

export const NO_ERRORS: FormErrors = { fields: {}, general: null };

/** The text of a websocket error in the user's language. */
export function errorText(error: unknown, t: Translate, values: Record<string, unknown> = {}): {
  text: string;
  field: string | null;
} {
  const explained = explain(error, values);
  const key = explained.key === null ? null : `error.${explained.key}`;
  // The registry names fields in its own words (`tenancy`, `move_in`): show them translated.
  const placeholders = { ...explained.placeholders };
  const fieldName = placeholders.field === undefined ? null : `field_name.${placeholders.field}`;
  if (fieldName !== null && hasKey(fieldName)) placeholders.field = t(fieldName);
  const text = key !== null && hasKey(key) ? t(key, placeholders) : explained.message;
  return { text, field: explained.field };
}

/** Errors of a failed submit: on the field the error is about, else for the whole form. */
export function formErrors(error: unknown, t: Translate, values: Record<string, unknown>): FormErrors {
  const { text, field } = errorText(error, t, values);
  return field ? { fields: { [field]: text }, general: null } : { fields: {}, general: text };
}

export function field(
  label: string,
  name: string,
  input: TemplateResult,
  errors: FormErrors,
  options: { hint?: string; wide?: boolean } = {},
): TemplateResult {
  const error = errors.fields[name];
  return html`<label
    class="field ${error ? "invalid" : ""} ${options.wide ? "wide" : ""}"
    data-field=${name}
  >
    <span>${label}</span>
    ${input}
    ${options.hint && !error ? html`<span class="muted">${options.hint}</span>` : nothing}
    ${error ? html`<span class="field-error" role="alert" data-error-for=${name}>${error}</span>` : nothing}
  </label>`;
}

export function generalError(errors: FormErrors): TemplateResult | typeof nothing {
  return errors.general
    ? html`<div class="form-error wide" role="alert" data-error-for="form">${errors.general}</div>`
    : nothing;
}

/** Text fields of a form, trimmed; empty ones left out (the backend then keeps its default). */
export function textValues(form: HTMLFormElement, names: readonly string[]): Record<string, string> {
  const data = new FormData(form);
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = data.get(name);
    if (typeof value === "string" && value.trim() !== "") out[name] = value.trim();
  }
  return out;
}

export function checked(form: HTMLFormElement, name: string): boolean {
  const input = form.elements.namedItem(name);
  return input instanceof HTMLInputElement && input.checked;
}

export function allValues(form: HTMLFormElement, name: string): string[] {
  return new FormData(form).getAll(name).filter((v): v is string => typeof v === "string" && v !== "");
}

/** Every named field of a form with its value ("" when empty): what errors are matched against. */
export function allFields(form: HTMLFormElement, names: readonly string[]): Record<string, string> {
  const data = new FormData(form);
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = data.get(name);
    out[name] = typeof value === "string" ? value.trim() : "";
  }
  return out;
}
