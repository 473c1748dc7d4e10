// brand turns Info's branding into what the page applies: the accent as CSS custom
// properties, and the logo's address. Pure, like view.ts. The backend has checked both;
// these checks keep anything else out of the style sheet and the img tag all the same.
import type { Palette } from "./types";

const hex = /^#[0-9a-f]{6}$/i;

/** BrandColors are the style sheet's --brand-* custom properties, by name. */
export type BrandColors = Record<`--brand-${string}`, string>;

/** brandColors is the accent as the style sheet's --brand-* custom properties: undefined
 * for the built-in colours, and also when any value is not #rrggbb. */
export function brandColors(p: Palette | undefined): BrandColors | undefined {
  if (!p) return undefined;
  const props: BrandColors = {
    "--brand-accent": p.accent,
    "--brand-accent-hover": p.hover,
    "--brand-accent-text": p.text,
    "--brand-ink": p.ink,
    "--brand-ink-dark": p.ink_dark,
  };
  return Object.values(props).every((v) => typeof v === "string" && hex.test(v)) ? props : undefined;
}

/** logoUrl is the configured logo's address when it is a path of the app's own origin,
 * such as /brand/logo; undefined for the built-in logo, and for any other address. */
export function logoUrl(u: string | undefined): string | undefined {
  return u && /^\/(?!\/)[\w./-]*$/.test(u) ? u : undefined;
}
