import { describe, expect, it } from 'vitest';
import {
  applyTheme,
  initialTheme,
  THEME_COLORS,
  THEME_KEY,
  ThemeState,
  type Theme,
  type ThemeStorage,
} from './theme.svelte.ts';

function memoryStorage(
  initial: Record<string, string> = {},
): ThemeStorage & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    getItem: (key) => data[key] ?? null,
    setItem: (key, value) => {
      data[key] = value;
    },
  };
}

describe('theme', () => {
  it('is dark unless the user chose light', () => {
    expect(initialTheme(undefined)).toBe('dark');
    expect(initialTheme(memoryStorage())).toBe('dark');
    expect(initialTheme(memoryStorage({ [THEME_KEY]: 'light' }))).toBe('light');
    expect(initialTheme(memoryStorage({ [THEME_KEY]: 'purple' }))).toBe('dark');
  });

  it('toggles, persists and applies the choice', () => {
    const storage = memoryStorage();
    const applied: Theme[] = [];
    const theme = new ThemeState(storage, (value) => applied.push(value));
    theme.toggle();
    expect(theme.current).toBe('light');
    expect(storage.data[THEME_KEY]).toBe('light');
    theme.toggle();
    expect(theme.isDark).toBe(true);
    expect(applied).toEqual(['light', 'dark']);
  });

  it('still toggles when storage refuses writes', () => {
    const theme = new ThemeState({
      getItem: () => null,
      setItem: () => {
        throw new Error('quota');
      },
    });
    theme.toggle();
    expect(theme.current).toBe('light');
  });

  it('applies the class and the browser-chrome colour to the document', () => {
    const classes = new Set(['dark']);
    const meta: Record<string, string> = {};
    const doc = {
      documentElement: {
        classList: {
          toggle: (token: string, force?: boolean) => {
            if (force ?? !classes.has(token)) classes.add(token);
            else classes.delete(token);
            return classes.has(token);
          },
        },
      },
      querySelector: (selectors: string) =>
        selectors === 'meta[name="theme-color"]'
          ? { setAttribute: (name: string, value: string) => (meta[name] = value) }
          : null,
    };
    applyTheme('light', doc);
    expect(classes.has('dark')).toBe(false);
    expect(meta.content).toBe(THEME_COLORS.light);
    applyTheme('dark', doc);
    expect(classes.has('dark')).toBe(true);
    expect(meta.content).toBe(THEME_COLORS.dark);
  });
});
