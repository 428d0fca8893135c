import { activityUrl } from './activity-url';

describe('the activity URL', () => {
  it('keeps its parameter names and defaults', () => {
    expect(
      activityUrl.search({ kind: 'tags', image: ' redis:7 ', since: '2026-03-23T00:00:00Z' }, '?view=activity'),
    ).toBe('?view=activity&kind=tags&for=redis%3A7&since=2026-03-23T00%3A00%3A00Z');
    expect(activityUrl.read('?kind=toString')).toMatchObject({ kind: 'all' });
  });
});
