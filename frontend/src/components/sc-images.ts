/** Thumbnails of a record's pictures; a click shows the full picture. */

import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { ImageRef } from "../api/types";
import { baseStyles } from "../styles";
import "./sc-dialog";

@customElement("sc-images")
export class ScImages extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: inline-flex;
        gap: 4px;
      }
      .full {
        max-width: 100%;
        max-height: 70vh;
        display: block;
        margin: 0 auto;
      }
    `,
  ];

  @property({ attribute: false }) images: ImageRef[] = [];
  /** Alt text per picture type, already translated. */
  @property({ attribute: false }) labels: Record<string, string> = {};
  @property({ type: Number }) max = 3;
  @state() private shown: ImageRef | null = null;

  protected override render() {
    return html`${this.images.slice(0, this.max).map(
        (image) => html`<img
          class="thumb"
          loading="lazy"
          src=${image.thumb_url}
          alt=${this.labels[image.type] ?? image.type}
          title=${this.labels[image.type] ?? image.type}
          @click=${(event: Event) => {
            event.stopPropagation();
            this.shown = image;
          }}
        />`,
      )}
      ${this.shown
        ? html`<sc-dialog
            open
            heading=${this.labels[this.shown.type] ?? this.shown.type}
            @closed=${() => (this.shown = null)}
            @click=${(event: Event) => event.stopPropagation()}
            ><img class="full" src=${this.shown.url} alt=${this.labels[this.shown.type] ?? ""}
          /></sc-dialog>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "sc-images": ScImages;
  }
}
