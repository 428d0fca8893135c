import type { UpdatesByImage } from '@/api/types';
import { hostEntry, updateEntry } from '@/testing/fake-api';
import { chipIsActive, chipToggle, summarizePending } from './pending-summary';
import { DEFAULT_VIEW } from './view-url';

const production = { id: 1, name: 'production' };
const media = { id: 2, name: 'media' };

const updates: UpdatesByImage = {
  'docker.io/library/nginx:1.25': updateEntry('docker.io/library/nginx:1.25', {
    tag: production,
    hosts: [hostEntry('docker-host'), hostEntry('nas', { acknowledged: true })],
  }),
  'nginx:1.26': updateEntry('nginx:1.26', { tag: production }),
  'ghcr.io/acme/api:2': updateEntry('ghcr.io/acme/api:2', { acknowledged: true, tag: media }),
  'ghcr.io/acme/web:3': updateEntry('ghcr.io/acme/web:3', { hosts: [hostEntry('nas'), hostEntry('')] }),
};

const counts = (group: string) =>
  summarizePending(updates)
    .find((g) => g.key === group)
    ?.chips.map((chip) => [chip.label, chip.count]);

describe('summarizePending', () => {
  it('counts what is pending on each host, largest first', () => {
    expect(counts('host')).toEqual([
      ['docker-host', 2],
      ['(no host name)', 1],
      ['nas', 1],
    ]);
  });

  it('counts pending images by registry, Docker Hub named as docker.io however it was written', () => {
    expect(counts('registry')).toEqual([
      ['docker.io', 2],
      ['ghcr.io', 1],
    ]);
  });

  it('counts pending images by tag, untagged ones too, and leaves out a tag with nothing pending', () => {
    expect(counts('tag')).toEqual([
      ['production', 2],
      ['Untagged', 1],
    ]);
  });

  it('has no group when nothing is pending', () => {
    const dismissed = { 'ghcr.io/acme/api:2': updateEntry('ghcr.io/acme/api:2', { acknowledged: true }) };
    expect(summarizePending(dismissed)).toEqual([]);
  });

  it('gives each chip the filter that shows what it counts', () => {
    const chips = summarizePending(updates).flatMap((group) => group.chips);
    expect(chips.map((chip) => chip.filter)).toEqual([
      { host: 'docker-host' },
      { host: '' },
      { host: 'nas' },
      { registry: 'docker.io' },
      { registry: 'ghcr.io' },
      { tag: 'production', untagged: false },
      { tag: null, untagged: true },
    ]);
  });
  it('keeps the chip of a filter that is on, at 0 when nothing there is pending', () => {
    const view = { ...DEFAULT_VIEW, host: 'gone', registry: 'quay.io', tag: 'media' };
    const chips = summarizePending(updates, view).map((group) =>
      group.chips.filter((chip) => chip.count === 0).map((chip) => [chip.label, chipIsActive(chip.filter, view)]),
    );
    expect(chips).toEqual([[['gone', true]], [['quay.io', true]], [['media', true]]]);
    const untagged = summarizePending({}, { ...DEFAULT_VIEW, untagged: true });
    expect(untagged).toEqual([
      {
        key: 'tag',
        label: 'By tag',
        chips: [{ key: 'untagged', label: 'Untagged', count: 0, filter: { tag: null, untagged: true } }],
      },
    ]);
  });
});

describe('chip filters', () => {
  it('are active when the view shows exactly that', () => {
    expect(chipIsActive({ host: '' }, DEFAULT_VIEW)).toBe(false);
    expect(chipIsActive({ host: '' }, { ...DEFAULT_VIEW, host: '' })).toBe(true);
    expect(chipIsActive({ tag: null, untagged: true }, DEFAULT_VIEW)).toBe(false);
    expect(chipIsActive({ tag: 'production', untagged: false }, { ...DEFAULT_VIEW, tag: 'production' })).toBe(true);
  });

  it('set their filter, or clear it when it is already set', () => {
    expect(chipToggle({ registry: 'ghcr.io' }, DEFAULT_VIEW)).toEqual({ registry: 'ghcr.io' });
    expect(chipToggle({ registry: 'ghcr.io' }, { ...DEFAULT_VIEW, registry: 'ghcr.io' })).toEqual({ registry: null });
    expect(chipToggle({ tag: null, untagged: true }, { ...DEFAULT_VIEW, untagged: true })).toEqual({
      tag: null,
      untagged: false,
    });
  });
});
