/**
 * The community drawn from the register's device coordinates: no map tiles, nothing fetched.
 * Devices are points (projected equirectangularly, which is exact enough over a few hundred
 * metres), buildings are the boxes around their devices, and a trajectory is the numbered
 * path through the devices that saw the person, in time order.
 */

import { LitElement, css, html, nothing, svg, type SVGTemplateResult } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { DeviceKind, PlanDevice } from "../api/types";
import { HEIGHT, WIDTH, project, type PlanPoint, type Projected } from "../util/plan";

export type { PlanPoint };

function category(kind: DeviceKind): "entrance" | "camera" | "sensor" | "other" {
  if (kind === "turnstile" || kind === "barrier" || kind === "access_terminal") return "entrance";
  if (kind.endsWith("camera") || kind === "camera" || kind === "nvr") return "camera";
  if (kind.endsWith("sensor") || kind === "smoke_detector" || kind === "patrol_checkpoint") return "sensor";
  return "other";
}

@customElement("sc-site-plan")
export class ScSitePlan extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    svg {
      width: 100%;
      height: auto;
      display: block;
      background: var(--secondary-background-color, #f5f5f5);
      border-radius: 8px;
    }
    .building {
      fill: var(--card-background-color, #fff);
      stroke: var(--divider-color, #ccc);
    }
    .building-label {
      fill: var(--secondary-text-color, #727272);
      font-size: 13px;
    }
    .device {
      stroke: var(--card-background-color, #fff);
      stroke-width: 1.5;
    }
    .entrance {
      fill: var(--primary-color, #03a9f4);
    }
    .camera {
      fill: var(--secondary-text-color, #727272);
    }
    .sensor {
      fill: var(--warning-color, #ffa600);
    }
    .other {
      fill: var(--disabled-text-color, #bdbdbd);
    }
    .offline {
      fill-opacity: 0.35;
    }
    .device-label {
      fill: var(--primary-text-color, #212121);
      font-size: 10px;
    }
    .path {
      fill: none;
      stroke: var(--error-color, #db4437);
      stroke-width: 2.5;
      stroke-linejoin: round;
    }
    .stop {
      fill: var(--error-color, #db4437);
    }
    .stop.selected {
      fill: var(--primary-color, #03a9f4);
    }
    .stop-label {
      fill: #fff;
      font-size: 11px;
      font-weight: bold;
    }
    .unplaced {
      color: var(--secondary-text-color, #727272);
      font-size: 12px;
      margin-top: 4px;
    }
  `;

  @property({ attribute: false }) devices: PlanDevice[] = [];
  @property({ attribute: false }) points: PlanPoint[] = [];
  @property() selected = "";
  @property() label = "";
  /** Translated "not on the plan (no coordinates): {devices}" text, already filled. */
  @property() unplacedText = "";
  @property({ type: Boolean }) showLabels = false;
  /** A building's label in the user's language (`5栋`, `Building 5`). */
  @property({ attribute: false }) buildingName: (building: string) => string = (building) => building;

  private buildings(projected: Projected[]): SVGTemplateResult[] {
    const groups = new Map<string, Projected[]>();
    for (const point of projected) {
      const name = point.device.building;
      if (!name) continue;
      groups.set(name, [...(groups.get(name) ?? []), point]);
    }
    return [...groups.entries()].map(([name, members]) => {
      const xs = members.map((m) => m.x);
      const ys = members.map((m) => m.y);
      const x = Math.min(...xs) - 16;
      const y = Math.min(...ys) - 16;
      const w = Math.max(...xs) - Math.min(...xs) + 32;
      const h = Math.max(...ys) - Math.min(...ys) + 32;
      return svg`<g data-building=${name}>
        <rect class="building" x=${x} y=${y} width=${w} height=${h} rx="6"></rect>
        <text class="building-label" x=${x + 4} y=${y - 4}>${this.buildingName(name)}</text>
      </g>`;
    });
  }

  private path(byDevice: Map<string, Projected>): SVGTemplateResult | typeof nothing {
    const stops = this.points.map((p) => byDevice.get(p.device)).filter((p): p is Projected => !!p);
    if (stops.length < 2) return nothing;
    const d = stops.map((p, i) => `${i ? "L" : "M"}${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(" ");
    return svg`<path class="path" d=${d} marker-mid="url(#arrow)" marker-end="url(#arrow)"></path>`;
  }

  private stops(byDevice: Map<string, Projected>): SVGTemplateResult[] {
    // Several visits to one device stack up beside it instead of hiding each other.
    const seen = new Map<string, number>();
    return this.points.flatMap((point) => {
      const at = byDevice.get(point.device);
      if (!at) return [];
      const nth = seen.get(point.device) ?? 0;
      seen.set(point.device, nth + 1);
      const x = at.x + nth * 14;
      const y = at.y - 14;
      return [
        svg`<g data-stop=${point.label}>
          <circle class="stop ${this.selected === point.label ? "selected" : ""}" cx=${x} cy=${y} r="8"></circle>
          <text class="stop-label" x=${x} y=${y + 4} text-anchor="middle">${point.label}</text>
        </g>`,
      ];
    });
  }

  protected override render() {
    const projected = project(this.devices);
    const byDevice = new Map(projected.map((p) => [p.device.device, p]));
    const onPath = new Set(this.points.map((p) => p.device));
    const unplaced = this.devices.filter((d) => d.longitude === null || d.latitude === null);
    return html`<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label=${this.label}>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto">
            <path d="M0 0L10 5L0 10z" fill="var(--error-color, #db4437)"></path>
          </marker>
        </defs>
        ${this.buildings(projected)}
        ${projected.map(
          (p) => svg`<g data-device=${p.device.device}>
            <title>${p.device.name}</title>
            <circle class="device ${category(p.device.kind)} ${p.device.online === false ? "offline" : ""}"
              cx=${p.x} cy=${p.y} r=${onPath.has(p.device.device) ? 7 : 5}></circle>
            ${this.showLabels || onPath.has(p.device.device)
              ? svg`<text class="device-label" x=${p.x + 9} y=${p.y + 4}>${p.device.gate ?? p.device.name}</text>`
              : nothing}
          </g>`,
        )}
        ${this.path(byDevice)} ${this.stops(byDevice)}
      </svg>
      ${unplaced.length && this.unplacedText ? html`<div class="unplaced">${this.unplacedText}</div>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "sc-site-plan": ScSitePlan;
  }
}
