import type { UpdatesByImage } from '@/api/types';
import { diunEvent, hostEntry, updateEntry } from '@/testing/fake-api';
import { buildSections, pendingImages } from './view';
import { activeFilterCount, DEFAULT_VIEW, isFiltered, NO_FILTERS, viewUrl, type ViewParams } from './view-url';

const production = { id: 1, name: 'production' };
const media = { id: 2, name: 'media' };

function entry(image: string, receivedAt: string, extra: Partial<UpdatesByImage[string]> = {}) {
  return updateEntry(image, { received_at: receivedAt, ...extra });
}

const updates: UpdatesByImage = {
  'docker.io/library/nginx:1.25': entry('docker.io/library/nginx:1.25', '2026-03-23T10:00:00Z', { tag: production }),
  'ghcr.io/acme/api:2': entry('ghcr.io/acme/api:2', '2026-03-23T12:00:00Z', { acknowledged: true }),
  'quay.io/prometheus/node-exporter:v1.8.0': entry(
    'quay.io/prometheus/node-exporter:v1.8.0',
    '2026-03-23T11:00:00.123456Z',
    {
      event: diunEvent('quay.io/prometheus/node-exporter:v1.8.0', { hostname: 'edge' }),
    },
  ),
};

const titlesAndImages = (view: Partial<ViewParams>) =>
  buildSections(updates, [production, media], { ...DEFAULT_VIEW, ...view }).map((section) => [
    section.title,
    section.items.map((item) => item.image),
  ]);

describe('buildSections', () => {
  it('groups by tag, every tag shown, Untagged last, newest first', () => {
    expect(titlesAndImages({})).toEqual([
      ['media', []],
      ['production', ['docker.io/library/nginx:1.25']],
      ['Untagged', ['ghcr.io/acme/api:2', 'quay.io/prometheus/node-exporter:v1.8.0']],
    ]);
  });

  it('groups by host', () => {
    expect(titlesAndImages({ group: 'host', sort: 'name' })).toEqual([
      ['docker-host', ['ghcr.io/acme/api:2', 'docker.io/library/nginx:1.25']],
      ['edge', ['quay.io/prometheus/node-exporter:v1.8.0']],
    ]);
  });

  it('sorts by registry, then name', () => {
    expect(titlesAndImages({ sort: 'registry', untagged: true })).toEqual([
      ['Untagged', ['ghcr.io/acme/api:2', 'quay.io/prometheus/node-exporter:v1.8.0']],
    ]);
    expect(titlesAndImages({ sort: 'registry', group: 'host' })[0]).toEqual([
      'docker-host',
      ['docker.io/library/nginx:1.25', 'ghcr.io/acme/api:2'],
    ]);
  });

  it('filters by status, tag, untagged and search terms', () => {
    expect(titlesAndImages({ status: 'acknowledged' })).toEqual([
      ['media', []],
      ['production', []],
      ['Untagged', ['ghcr.io/acme/api:2']],
    ]);
    expect(titlesAndImages({ tag: 'production' })).toEqual([['production', ['docker.io/library/nginx:1.25']]]);
    expect(titlesAndImages({ untagged: true, status: 'pending' })).toEqual([
      ['Untagged', ['quay.io/prometheus/node-exporter:v1.8.0']],
    ]);
    expect(titlesAndImages({ q: 'QUAY node' })).toEqual([['Untagged', ['quay.io/prometheus/node-exporter:v1.8.0']]]);
  });

  it('filters by registry', () => {
    expect(titlesAndImages({ registry: 'ghcr.io' })).toEqual([
      ['media', []],
      ['production', []],
      ['Untagged', ['ghcr.io/acme/api:2']],
    ]);
    expect(titlesAndImages({ registry: 'docker.io', group: 'host' })).toEqual([
      ['docker-host', ['docker.io/library/nginx:1.25']],
    ]);
    expect(titlesAndImages({ registry: 'registry.example.com', group: 'host' })).toEqual([]);
  });
});

describe('buildSections with several hosts', () => {
  const IMAGE = 'docker.io/library/nginx:1.25';
  const shared: UpdatesByImage = {
    [IMAGE]: updateEntry(IMAGE, {
      hosts: [hostEntry('a'), hostEntry('b', { acknowledged: true, acknowledged_at: '2026-03-23T11:00:00Z' })],
    }),
    'redis:7': updateEntry('redis:7', { hosts: [hostEntry('')] }),
  };
  const sections = (view: Partial<ViewParams>) =>
    buildSections(shared, [], { ...DEFAULT_VIEW, ...view }).map((section) => [
      section.title,
      section.host,
      section.items.map((item) => item.image),
    ]);

  it('lists an image under each of its hosts, the host without a name labelled', () => {
    expect(sections({ group: 'host' })).toEqual([
      ['(no host name)', '', ['redis:7']],
      ['a', 'a', [IMAGE]],
      ['b', 'b', [IMAGE]],
    ]);
  });

  it('files an image by its state on each host when grouped by host', () => {
    expect(sections({ group: 'host', status: 'pending' })).toEqual([
      ['(no host name)', '', ['redis:7']],
      ['a', 'a', [IMAGE]],
    ]);
    expect(sections({ group: 'host', status: 'acknowledged' })).toEqual([['b', 'b', [IMAGE]]]);
  });

  it('narrows to one host, by its state there', () => {
    expect(sections({ host: 'b' })).toEqual([['Untagged', null, [IMAGE]]]);
    expect(sections({ host: 'b', status: 'pending' })).toEqual([]);
    expect(sections({ host: 'b', status: 'acknowledged' })).toEqual([['Untagged', null, [IMAGE]]]);
    expect(sections({ host: '' })).toEqual([['Untagged', null, ['redis:7']]]);
    expect(sections({ host: 'b', group: 'host' })).toEqual([['b', 'b', [IMAGE]]]);
  });

  it('counts a host section’s pending images on that host only', () => {
    const items = buildSections(shared, [], { ...DEFAULT_VIEW, group: 'host' });
    expect(items.map((section) => pendingImages(section.items, section.host))).toEqual([['redis:7'], [IMAGE], []]);
  });
});

describe('view params', () => {
  it('round-trips through the query string, leaving defaults out and foreign keys in', () => {
    const view = { ...DEFAULT_VIEW, status: 'pending', tag: 'production', sort: 'name' } as const;
    const search = viewUrl.search(view, '?debug=1');
    expect(search).toBe('?debug=1&status=pending&tag=production&sort=name');
    expect(viewUrl.read(search)).toEqual(view);
    expect(viewUrl.search(DEFAULT_VIEW, '')).toBe('');
  });

  it('keeps the host filter, the empty host name included', () => {
    expect(viewUrl.read('?host=edge').host).toBe('edge');
    expect(viewUrl.read('?host=').host).toBe('');
    expect(viewUrl.read('').host).toBeNull();
    expect(viewUrl.search({ host: '' }, '')).toBe('?host=');
    expect(viewUrl.search({ host: null }, '?host=edge')).toBe('');
  });

  it('keeps the registry filter, a blank one read as none', () => {
    expect(viewUrl.read('?registry=ghcr.io').registry).toBe('ghcr.io');
    expect(viewUrl.read('?registry=').registry).toBeNull();
    expect(viewUrl.search({ registry: 'ghcr.io' }, '?q=api')).toBe('?q=api&registry=ghcr.io');
    expect(viewUrl.search(NO_FILTERS, '?registry=ghcr.io&sort=name')).toBe('?sort=name');
    expect(isFiltered({ ...DEFAULT_VIEW, registry: 'ghcr.io' })).toBe(true);
  });

  it('counts the filters that narrow the list', () => {
    expect(activeFilterCount(DEFAULT_VIEW)).toBe(0);
    expect(activeFilterCount({ ...DEFAULT_VIEW, q: '  ', sort: 'name', group: 'host' })).toBe(0);
    expect(activeFilterCount({ ...DEFAULT_VIEW, q: 'api', status: 'pending', untagged: true, host: '' })).toBe(4);
    expect(activeFilterCount({ ...DEFAULT_VIEW, tag: 'production', registry: 'ghcr.io' })).toBe(2);
  });

  it('ignores values it does not know', () => {
    expect(viewUrl.read('?status=bogus&sort=&group=planet')).toEqual(DEFAULT_VIEW);
  });
});
