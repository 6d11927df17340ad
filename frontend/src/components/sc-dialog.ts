/** A modal on the native <dialog>: focus trap, Escape and the backdrop come with it. */

import { LitElement, css, html } from "lit";
import { customElement, property, query } from "lit/decorators.js";
import { baseStyles } from "../styles";

@customElement("sc-dialog")
export class ScDialog extends LitElement {
  static override styles = [
    baseStyles,
    css`
      dialog {
        background: var(--sc-card);
        color: var(--primary-text-color, #212121);
        border: 1px solid var(--sc-border);
        border-radius: var(--sc-radius);
        padding: 0;
        width: min(720px, calc(100vw - 24px));
        max-height: calc(100vh - 48px);
      }
      dialog::backdrop {
        background: rgba(0, 0, 0, 0.5);
      }
      header {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 12px 16px;
        border-bottom: 1px solid var(--sc-border);
      }
      header h2 {
        margin: 0;
        flex: 1;
      }
      .body {
        padding: 16px;
        overflow: auto;
      }
    `,
  ];

  @property() heading = "";
  @property() closeLabel = "×";
  @property({ type: Boolean, reflect: true }) open = false;
  @query("dialog") private dialog!: HTMLDialogElement;

  protected override updated(): void {
    if (this.open && !this.dialog.open) this.dialog.showModal();
    if (!this.open && this.dialog.open) this.dialog.close();
  }

  private onClose(): void {
    if (!this.open) return;
    this.open = false;
    this.dispatchEvent(new CustomEvent("closed"));
  }

  protected override render() {
    return html`<dialog @close=${this.onClose} aria-label=${this.heading}>
      <header>
        <h2>${this.heading}</h2>
        <button class="small" aria-label=${this.closeLabel} title=${this.closeLabel} @click=${() => this.dialog.close()}>
          ×
        </button>
      </header>
      <div class="body"><slot></slot></div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "sc-dialog": ScDialog;
  }
}
