// A single-page app: rendered in the browser, served as static files by any CDN.
export const ssr = false;
export const prerender = false;
