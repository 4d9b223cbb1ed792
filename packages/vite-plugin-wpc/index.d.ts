// vite-plugin-wpc — types.
import type { Plugin } from 'vite'

export interface WpcPluginOptions {
  /** The wpc executable; default: $WPC, else `wpc` on PATH. */
  wpc?: string
}

/** `.wp` imports for Vite: `./app.wp` (the package), `./app.wp?react`, `./app.wp?valtio`. */
export default function wpc(options?: WpcPluginOptions): Plugin
