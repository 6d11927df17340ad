/**
 * A QR code as SVG (encoder: the `uqr` package). Always dark on white with a four-module quiet
 * zone, whatever the theme: scanners need the contrast.
 */

import { LitElement, css, html } from "lit";
import { customElement, property } from "lit/decorators.js";
import { qrPath } from "../util/qr";

@customElement("sc-qr")
export class ScQr extends LitElement {
  static override styles = css`
    :host {
      display: inline-block;
      width: 200px;
      height: 200px;
    }
    svg {
      width: 100%;
      height: 100%;
      display: block;
    }
  `;

  @property() value = "";
  @property() label = "";

  protected override render() {
    const { size, path } = qrPath(this.value);
    return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" role="img"
      aria-label=${this.label} shape-rendering="crispEdges">
      <rect width=${size} height=${size} fill="#fff"></rect>
      <path d=${path} fill="#000"></path>
    </svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "sc-qr": ScQr;
  }
}
