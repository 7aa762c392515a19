import { describe, expect, it } from 'vitest';
import { filtersQuery, foundText, pageText, parseFilters, ratingText, searchArgs } from './filters.ts';

describe('directory filters in the URL', () => {
  it('round-trips every filter', () => {
    const filters = parseFilters(
      new URLSearchParams('q=ada&specialty=cardiology&mode=video&sort=next_available&page=2'),
    );
    expect(filters).toEqual({
      q: 'ada',
      specialty: 'cardiology',
      mode: 'video',
      sort: 'next_available',
      page: 2,
    });
    expect(filtersQuery(filters)).toBe('?q=ada&specialty=cardiology&mode=video&sort=next_available&page=2');
  });

  it('leaves defaults out of links', () => {
    expect(filtersQuery(parseFilters(new URLSearchParams('')))).toBe('');
    expect(filtersQuery({ ...parseFilters(new URLSearchParams('')), mode: 'chat' })).toBe('?mode=chat');
  });

  it('ignores malformed values instead of failing', () => {
    expect(parseFilters(new URLSearchParams('mode=fax&sort=random&page=-3&specialty=%27;drop'))).toEqual({
      q: '',
      specialty: '',
      mode: '',
      sort: 'rating',
      page: 1,
    });
    expect(parseFilters(new URLSearchParams(`q=${'x'.repeat(300)}`)).q).toHaveLength(100);
  });

  it('pages through the search twelve at a time', () => {
    expect(searchArgs(parseFilters(new URLSearchParams('page=3&q=%20')))).toEqual({
      search: undefined,
      specialty: undefined,
      mode: undefined,
      sort_by: 'rating',
      page_size: 12,
      page_offset: 24,
    });
  });

  it('describes ratings', () => {
    expect(ratingText(null, 0)).toBe('No reviews yet');
    expect(ratingText(4.25, 1)).toBe('★ 4.3 (1 review)');
    expect(ratingText(5, 12)).toBe('★ 5.0 (12 reviews)');
  });

  it('words a capped count as "1,000+"', () => {
    expect(foundText(0)).toBe('0 doctors found');
    expect(foundText(1)).toBe('1 doctor found');
    expect(foundText(1000)).toBe('1,000 doctors found');
    expect(foundText(1001)).toBe('1,000+ doctors found');
    expect(pageText(1, 0)).toBe('Page 1 of 1');
    expect(pageText(2, 13)).toBe('Page 2 of 2');
    expect(pageText(90, 1081)).toBe('Page 90');
  });
});
