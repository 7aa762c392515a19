export type Theme = 'dark' | 'light';

export const THEME_KEY = 'hc-theme';

/**
 * The browser-chrome colour per theme: the page background (slate-950 / slate-50).
 * `src/app.html` repeats these for its before-paint script; keep the two in sync.
 */
export const THEME_COLORS: Record<Theme, string> = { dark: '#020617', light: '#f8fafc' };

/** Storage the theme is kept in; `localStorage` in the app, a map in tests. */
export interface ThemeStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The parts of `document` a theme is applied to. */
export interface ThemeDocument {
  documentElement: { classList: { toggle(token: string, force?: boolean): boolean } };
  querySelector(selectors: string): { setAttribute(name: string, value: string): void } | null;
}

/** `localStorage`, or nothing where reading it throws (storage blocked by the user). */
export function browserStorage(): ThemeStorage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

/** The stored choice, or dark: Health-Connect is dark by default. */
export function initialTheme(storage: ThemeStorage | undefined): Theme {
  try {
    return storage?.getItem(THEME_KEY) === 'light' ? 'light' : 'dark';
  } catch {
    return 'dark';
  }
}

/** Sets the `dark` class on `<html>` and the matching `theme-color`. */
export function applyTheme(theme: Theme, doc: ThemeDocument): void {
  doc.documentElement.classList.toggle('dark', theme === 'dark');
  doc.querySelector('meta[name="theme-color"]')?.setAttribute('content', THEME_COLORS[theme]);
}

/** The app's colour theme, persisted across visits and applied to `<html>`. */
export class ThemeState {
  current = $state<Theme>('dark');
  readonly #storage: ThemeStorage | undefined;
  readonly #apply: (theme: Theme) => void;

  constructor(storage: ThemeStorage | undefined, apply: (theme: Theme) => void = () => undefined) {
    this.#storage = storage;
    this.#apply = apply;
    this.current = initialTheme(storage);
  }

  get isDark(): boolean {
    return this.current === 'dark';
  }

  toggle(): void {
    this.current = this.isDark ? 'light' : 'dark';
    try {
      this.#storage?.setItem(THEME_KEY, this.current);
    } catch {
      // Storage full or blocked: the choice still applies for this visit.
    }
    this.#apply(this.current);
  }
}
