/**
 * Photos from a file or the phone's camera (`capture` opens the camera in the companion app),
 * prepared for upload. Emits `photos` with the prepared photos and `refused` with files that
 * are not pictures.
 */

import { LitElement, css, html } from "lit";
import { customElement, property, query } from "lit/decorators.js";
import { baseStyles } from "../styles";
import { FileRefused, preparePhoto, type PreparedPhoto } from "../util/files";

export interface RefusedFile {
  filename: string;
  key: "file_too_large" | "invalid_image";
}

@customElement("sc-photo-picker")
export class ScPhotoPicker extends LitElement {
  static override styles = [
    baseStyles,
    css`
      input {
        display: none;
      }
    `,
  ];

  @property() fileLabel = "File";
  @property() cameraLabel = "Camera";
  @property({ type: Boolean }) multiple = false;
  @property({ type: Boolean }) disabled = false;
  @query("#file") private fileInput!: HTMLInputElement;
  @query("#camera") private cameraInput!: HTMLInputElement;

  private async picked(input: HTMLInputElement): Promise<void> {
    const files = Array.from(input.files ?? []);
    input.value = "";
    const photos: PreparedPhoto[] = [];
    const refused: RefusedFile[] = [];
    for (const file of files) {
      try {
        photos.push(await preparePhoto(file));
      } catch (error) {
        refused.push({ filename: file.name, key: error instanceof FileRefused ? error.key : "invalid_image" });
      }
    }
    if (refused.length) this.dispatchEvent(new CustomEvent<RefusedFile[]>("refused", { detail: refused }));
    if (photos.length) this.dispatchEvent(new CustomEvent<PreparedPhoto[]>("photos", { detail: photos }));
  }

  protected override render() {
    return html`<div class="row">
      <button type="button" ?disabled=${this.disabled} @click=${() => this.fileInput.click()}>${this.fileLabel}</button>
      <button type="button" ?disabled=${this.disabled} @click=${() => this.cameraInput.click()}>${this.cameraLabel}</button>
      <input
        id="file"
        type="file"
        accept="image/*"
        ?multiple=${this.multiple}
        @change=${(e: Event) => this.picked(e.target as HTMLInputElement)}
      />
      <input
        id="camera"
        type="file"
        accept="image/*"
        capture="environment"
        @change=${(e: Event) => this.picked(e.target as HTMLInputElement)}
      />
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "sc-photo-picker": ScPhotoPicker;
  }
}
