/**
 * Shared styles on HA's theme variables, so the user's theme, dark mode and the companion
 * app's colours apply (fallbacks are HA's default light theme).
 */

import { css } from "lit";

export const baseStyles = css`
  :host {
    display: block;
    color: var(--primary-text-color, #212121);
    font-family: var(--paper-font-body1_-_font-family, Roboto, "Noto Sans SC", "PingFang SC", sans-serif);
    font-size: 14px;
    --sc-card: var(--card-background-color, var(--ha-card-background, #fff));
    --sc-border: var(--divider-color, rgba(0, 0, 0, 0.12));
    --sc-muted: var(--secondary-text-color, #727272);
    --sc-primary: var(--primary-color, #03a9f4);
    --sc-on-primary: var(--text-primary-color, #fff);
    --sc-error: var(--error-color, #db4437);
    --sc-success: var(--success-color, #43a047);
    --sc-warning: var(--warning-color, #ffa600);
    --sc-input: var(--input-fill-color, var(--secondary-background-color, #f5f5f5));
    --sc-radius: var(--ha-card-border-radius, 12px);
  }
  h2 {
    font-size: 18px;
    font-weight: 500;
    margin: 0 0 12px;
  }
  h3 {
    font-size: 15px;
    font-weight: 500;
    margin: 12px 0 8px;
  }
  .card {
    background: var(--sc-card);
    border: 1px solid var(--sc-border);
    border-radius: var(--sc-radius);
    padding: 16px;
    margin-bottom: 16px;
    box-shadow: var(--ha-card-box-shadow, none);
    min-width: 0;
  }
  .muted {
    color: var(--sc-muted);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
  }
  .spacer {
    flex: 1;
  }
  .grid {
    display: grid;
    gap: 12px;
    grid-template-columns: repeat(auto-fill, minmax(200px, 1fr));
  }
  .columns {
    display: grid;
    gap: 16px;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
  }
  :host([narrow]) .columns {
    grid-template-columns: minmax(0, 1fr);
  }
  button,
  .button {
    font: inherit;
    border: 1px solid var(--sc-primary);
    background: transparent;
    color: var(--sc-primary);
    border-radius: 18px;
    padding: 6px 14px;
    min-height: 36px;
    cursor: pointer;
    text-decoration: none;
    display: inline-flex;
    align-items: center;
    gap: 4px;
  }
  button.primary,
  .button.primary {
    background: var(--sc-primary);
    color: var(--sc-on-primary);
  }
  button.danger {
    border-color: var(--sc-error);
    color: var(--sc-error);
  }
  button.small {
    min-height: 28px;
    padding: 2px 10px;
    font-size: 13px;
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  form.form {
    display: grid;
    gap: 12px;
    grid-template-columns: repeat(auto-fill, minmax(200px, 1fr));
    align-items: start;
  }
  :host([narrow]) form.form {
    grid-template-columns: minmax(0, 1fr);
  }
  form.form .actions,
  form.form .wide {
    grid-column: 1 / -1;
  }
  label.field {
    display: flex;
    flex-direction: column;
    gap: 4px;
    font-size: 12px;
    color: var(--sc-muted);
  }
  label.field.check {
    flex-direction: row;
    align-items: center;
    font-size: 14px;
    color: var(--primary-text-color, #212121);
  }
  input,
  select,
  textarea {
    font: inherit;
    font-size: 14px;
    color: var(--primary-text-color, #212121);
    background: var(--sc-input);
    border: 1px solid var(--sc-border);
    border-radius: 6px;
    padding: 8px;
    min-height: 20px;
    min-width: 0;
  }
  input[type="checkbox"] {
    min-height: 0;
    width: 18px;
    height: 18px;
  }
  label.field.invalid input,
  label.field.invalid select,
  label.field.invalid textarea,
  label.field.invalid .choices {
    border-color: var(--sc-error);
    outline: 1px solid var(--sc-error);
  }
  .field-error {
    color: var(--sc-error);
    font-size: 12px;
  }
  .form-error {
    color: var(--sc-error);
    border: 1px solid var(--sc-error);
    border-radius: 6px;
    padding: 8px 12px;
    margin: 8px 0;
  }
  .notice {
    border: 1px solid var(--sc-success);
    border-radius: 6px;
    padding: 8px 12px;
    margin: 8px 0;
  }
  .choices {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 12px;
    padding: 6px 0;
    border-radius: 6px;
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  th,
  td {
    text-align: start;
    padding: 6px 8px;
    border-bottom: 1px solid var(--sc-border);
    vertical-align: middle;
  }
  th {
    font-weight: 500;
    color: var(--sc-muted);
    font-size: 12px;
    white-space: nowrap;
  }
  .scroll {
    overflow-x: auto;
    max-width: 100%;
  }
  :host([narrow]) table.cards thead {
    display: none;
  }
  :host([narrow]) table.cards tr {
    display: block;
    border-bottom: 1px solid var(--sc-border);
    padding: 6px 0;
  }
  :host([narrow]) table.cards td {
    display: flex;
    gap: 8px;
    border: none;
    padding: 2px 4px;
  }
  :host([narrow]) table.cards td[data-label]::before {
    content: attr(data-label);
    color: var(--sc-muted);
    min-width: 7em;
    font-size: 12px;
  }
  .badge {
    display: inline-block;
    border-radius: 10px;
    padding: 1px 8px;
    font-size: 12px;
    border: 1px solid currentColor;
    white-space: nowrap;
  }
  .allow,
  .ok {
    color: var(--sc-success);
  }
  .deny,
  .bad {
    color: var(--sc-error);
  }
  .alert,
  .warn {
    color: var(--sc-warning);
  }
  .thumb {
    width: 56px;
    height: 56px;
    object-fit: cover;
    border-radius: 6px;
    background: var(--secondary-background-color, #eee);
    cursor: zoom-in;
    border: 1px solid var(--sc-border);
  }
  .dot {
    display: inline-block;
    width: 10px;
    height: 10px;
    border-radius: 50%;
    background: var(--sc-muted);
  }
  .dot.online {
    background: var(--sc-success);
  }
  .dot.offline {
    background: var(--sc-error);
  }
  .tabs {
    display: flex;
    gap: 4px;
    overflow-x: auto;
    border-bottom: 1px solid var(--sc-border);
    margin-bottom: 12px;
  }
  .tabs button {
    border: none;
    border-radius: 0;
    border-bottom: 2px solid transparent;
    color: var(--sc-muted);
    white-space: nowrap;
  }
  .tabs button[aria-selected="true"] {
    color: var(--sc-primary);
    border-bottom-color: var(--sc-primary);
  }
  .empty {
    color: var(--sc-muted);
    padding: 16px 0;
    text-align: center;
  }
  a {
    color: var(--sc-primary);
  }
  .link {
    border: none;
    padding: 0;
    min-height: 0;
    color: var(--sc-primary);
    background: none;
    text-decoration: underline;
  }
`;
