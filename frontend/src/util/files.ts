/**
 * Files for the websocket: HA's websocket takes messages up to 4 MiB, so photos are scaled
 * down in the browser (a phone camera's 12-megapixel JPEG becomes ~300 KB) and other files
 * are refused above MAX_FILE_BYTES before anything is sent.
 */

/** Largest file sent as it is (register files); base64 adds a third. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** Longest side of a photo sent for enrolment or search: plenty for a 112-px face crop. */
export const MAX_PHOTO_SIDE = 1600;

export class FileRefused extends Error {
  constructor(readonly key: "file_too_large" | "invalid_image") {
    super(key);
  }
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

export async function fileToBase64(file: Blob): Promise<string> {
  if (file.size > MAX_FILE_BYTES) throw new FileRefused("file_too_large");
  return bytesToBase64(new Uint8Array(await file.arrayBuffer()));
}

export interface PreparedPhoto {
  filename: string;
  base64: string;
  /** An object URL of what is sent, for the preview. */
  preview: string;
  width: number;
  height: number;
}

/** Decode (EXIF orientation applied), scale to MAX_PHOTO_SIDE, re-encode as JPEG. */
export async function preparePhoto(file: File): Promise<PreparedPhoto> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    throw new FileRefused("invalid_image");
  }
  const scale = Math.min(1, MAX_PHOTO_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d");
  if (context === null) throw new FileRefused("invalid_image");
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.9));
  if (blob === null) throw new FileRefused("invalid_image");
  const base64 = await fileToBase64(blob);
  return { filename: file.name || "camera.jpg", base64, preview: URL.createObjectURL(blob), width, height };
}

/** Start a download of a signed URL the backend returned. */
export function download(url: string, filename: string): void {
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.rel = "noopener";
  document.body.append(link);
  link.click();
  link.remove();
}
