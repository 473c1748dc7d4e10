// boot reads the first screen's data that the Go side inlines into the page
// (internal/bootpage), so that the first paint shows the right screen before any call
// to the backend.
import type { Info, Status } from "./types";

/** Boot is the first screen's data: what Info() and Status() would answer. */
export interface Boot {
  info: Info;
  status: Status;
}

/** BootId is the id of the inlined <script type="application/json"> element. */
export const BootId = "boot";

/** parseBoot reads the inlined JSON; anything missing or malformed gives undefined (the
 * page then asks the backend). */
export function parseBoot(text: string | null | undefined): Boot | undefined {
  if (!text) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!v || typeof v !== "object") return undefined;
  const { info, status } = v as Partial<Boot>;
  if (!info || typeof info !== "object" || typeof info.app_name !== "string") return undefined;
  if (!status || typeof status !== "object" || typeof status.state !== "string") return undefined;
  return { info, status };
}

/** readBoot finds the inlined element in doc and parses it. */
export function readBoot(doc: Document): Boot | undefined {
  const el = doc.getElementById(BootId);
  if (!el || el.getAttribute("type") !== "application/json") return undefined;
  return parseBoot(el.textContent);
}
