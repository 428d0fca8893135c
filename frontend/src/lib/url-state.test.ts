import { pageUrl } from './page-url';
import { defineUrlState, urlParam } from './url-state';

describe('defineUrlState', () => {
  const state = defineUrlState<{ q: string; kind: 'a' | 'b'; at: string | null; on: boolean }>({
    q: urlParam.text('q'),
    kind: urlParam.oneOf('kind', ['a', 'b'], 'a'),
    at: urlParam.optional('at', { trim: true }),
    on: urlParam.flag('on'),
  });

  it('reads absent, empty and unknown values as the defaults', () => {
    expect(state.read('')).toEqual({ q: '', kind: 'a', at: null, on: false });
    expect(state.read('?q=&kind=z&at=%20&on=yes')).toEqual({ q: '', kind: 'a', at: null, on: false });
    expect(state.read('?q=x+y&kind=b&at=%203%20&on=1')).toEqual({ q: 'x y', kind: 'b', at: '3', on: true });
  });

  it('applies a change in place, leaving defaults out and other parameters as they are', () => {
    expect(state.search({ kind: 'b' }, '?debug=1&q=x')).toBe('?debug=1&q=x&kind=b');
    expect(state.search({ q: '  ', kind: 'a', on: true }, '?q=x&kind=b&debug=1')).toBe('?debug=1&on=1');
  });

  it('navigates, replacing the history entry only when asked', () => {
    const before = window.history.length;
    state.navigate({ q: 'x' });
    state.navigate({ q: 'xy' }, { replace: true });

    expect(window.location.search).toBe('?q=xy');
    expect(window.history.length).toBe(before + 1);
  });
});

describe('the page URL', () => {
  it('keeps its parameter names and defaults', () => {
    expect(pageUrl.search({ view: 'activity', image: 'nginx:1.25', asOf: '5' }, '')).toBe(
      '?view=activity&image=nginx%3A1.25&as_of=5',
    );
    expect(pageUrl.search({ view: 'updates', image: null }, '?view=activity&image=x&q=a')).toBe('?q=a');
    expect(pageUrl.read('?as_of=%207%20')).toEqual({ view: 'updates', image: null, asOf: '7' });
  });
});
