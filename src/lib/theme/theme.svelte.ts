export type Theme = 'dark' | 'light';

export const THEME_KEY = 'hc-theme';

/** Storage the theme is kept in; `localStorage` in the app, a map in tests. */
export interface ThemeStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The stored choice, or dark: Health-Connect is dark by default. */
export function initialTheme(storage: ThemeStorage | undefined): Theme {
  try {
    return storage?.getItem(THEME_KEY) === 'light' ? 'light' : 'dark';
  } catch {
    return 'dark';
  }
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
