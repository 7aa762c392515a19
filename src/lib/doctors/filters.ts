/** The directory's filters, as they live in the URL (`/doctors?q=…&specialty=…&mode=…&sort=…&page=…`). */
export interface DirectoryFilters {
  q: string;
  specialty: string;
  mode: '' | 'video' | 'chat';
  sort: 'rating' | 'next_available' | 'experience' | 'name';
  page: number;
}

export const PAGE_SIZE = 12;
export const SORTS: { value: DirectoryFilters['sort']; label: string }[] = [
  { value: 'rating', label: 'Highest rated' },
  { value: 'next_available', label: 'Soonest available' },
  { value: 'experience', label: 'Most experienced' },
  { value: 'name', label: 'Name' },
];

const DEFAULTS: DirectoryFilters = { q: '', specialty: '', mode: '', sort: 'rating', page: 1 };

/** Reads filters from a query string, ignoring anything malformed (a shared link still opens). */
export function parseFilters(params: { get(name: string): string | null }): DirectoryFilters {
  const mode = params.get('mode');
  const sort = params.get('sort');
  const page = Number(params.get('page'));
  const specialty = params.get('specialty') ?? '';
  return {
    q: (params.get('q') ?? '').slice(0, 100),
    specialty: /^[a-z0-9-]{1,60}$/.test(specialty) ? specialty : '',
    mode: mode === 'video' || mode === 'chat' ? mode : '',
    sort: SORTS.some((option) => option.value === sort) ? (sort as DirectoryFilters['sort']) : 'rating',
    page: Number.isInteger(page) && page >= 1 && page <= 500 ? page : 1,
  };
}

/** The query string for filters, leaving defaults out so links stay short. */
export function filtersQuery(filters: DirectoryFilters): string {
  const params = new URLSearchParams();
  for (const key of ['q', 'specialty', 'mode', 'sort', 'page'] as const) {
    const value = filters[key];
    if (value !== DEFAULTS[key] && value !== '') params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** The arguments of `search_doctors` for these filters. */
export function searchArgs(filters: DirectoryFilters) {
  return {
    search: filters.q.trim() || undefined,
    specialty: filters.specialty || undefined,
    mode: filters.mode || undefined,
    sort_by: filters.sort,
    page_size: PAGE_SIZE,
    page_offset: (filters.page - 1) * PAGE_SIZE,
  };
}

/** search_doctors counts matches up to this many; a larger total_count means "more than this". */
export const COUNT_CAP = 1000;

/** "1 doctor found", "12 doctors found", or "1,000+ doctors found" past the count's cap. */
export function foundText(total: number): string {
  if (total > COUNT_CAP) return `${COUNT_CAP.toLocaleString('en')}+ doctors found`;
  return `${total.toLocaleString('en')} doctor${total === 1 ? '' : 's'} found`;
}

/** "Page 2 of 5", or "Page 90" when the total is only known to be past the cap. */
export function pageText(page: number, total: number): string {
  if (total > COUNT_CAP) return `Page ${page}`;
  return `Page ${page} of ${Math.max(1, Math.ceil(total / PAGE_SIZE))}`;
}

/** "★ 4.5 (12 reviews)" or "No reviews yet". */
export function ratingText(average: number | null, count: number | null): string {
  if (!average || !count) return 'No reviews yet';
  return `★ ${Number(average).toFixed(1)} (${count} review${count === 1 ? '' : 's'})`;
}
