// A public page: rendered to HTML at build time, so its content paints before any script runs;
// the app then hydrates it in the browser as usual.
export const prerender = true;
export const ssr = true;
