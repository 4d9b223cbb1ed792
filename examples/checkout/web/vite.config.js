// The checkout page: `.wp` imports go through vite-plugin-wpc, which runs
// the wpc on PATH. checkout.wp lives one directory up, so the dev server may
// serve files from there.
import wpc from 'vite-plugin-wpc'

export default {
  plugins: [wpc()],
  server: { fs: { allow: ['..'] } },
}
