import type { LoggedEvent } from '@/api/types';
import { FakeApi } from '@/testing/fake-api';
import { buildTimeline } from './timeline';

const IMAGE = 'docker.io/library/nginx:1.25';
const OTHER = 'docker.io/library/redis:7';

/** The log of a FakeApi after `steps`, split the way the page fetches it. */
function logAfter(steps: (api: FakeApi) => void) {
  const api = new FakeApi();
  steps(api);
  const imageEvents = api.events.filter(
    (event) =>
      (event.type === 'UpdateReceived' && event.data.body.image === IMAGE) ||
      ((event.type === 'UpdateDismissed' ||
        event.type === 'UpdateForgotten' ||
        event.type === 'TagAssigned' ||
        event.type === 'TagUnassigned') &&
        event.data.image === IMAGE),
  );
  const deletions = api.events.filter((event): event is LoggedEvent<'TagDeleted'> => event.type === 'TagDeleted');
  const names = new Map<number, string>();
  for (const event of api.events) if (event.type === 'TagCreated') names.set(event.data.id, event.data.name);
  return { imageEvents, deletions, names };
}

describe('buildTimeline', () => {
  it('compares each receipt with the same host’s previous one, and keeps dismissals and forgets per host', () => {
    const { imageEvents, deletions, names } = logAfter((api) => {
      api.receive(IMAGE, { digest: 'sha256:aaa', hostname: 'a' });
      api.receive(IMAGE, { digest: 'sha256:bbb', hostname: 'b' });
      api.dismiss([IMAGE], undefined, 'a');
      api.receive(IMAGE, { digest: 'sha256:ccc', hostname: 'a' });
      api.forget(IMAGE, 'b');
    });

    const entries = buildTimeline(imageEvents, deletions, names).map((entry) =>
      entry.kind === 'received'
        ? [entry.body.hostname, entry.previousDigest, entry.body.digest]
        : entry.kind === 'dismissed' || entry.kind === 'forgotten'
          ? [entry.kind, entry.host]
          : [entry.kind],
    );

    expect(entries).toEqual([
      ['a', null, 'sha256:aaa'],
      ['b', null, 'sha256:bbb'],
      ['dismissed', 'a'],
      ['a', 'sha256:aaa', 'sha256:ccc'],
      ['forgotten', 'b'],
    ]);
  });

  it('gives each receipt the digest of the receipt before it, whatever came in between', () => {
    const { imageEvents, deletions, names } = logAfter((api) => {
      api.receive(IMAGE, { digest: 'sha256:aaa' });
      api.receive(OTHER, { digest: 'sha256:other' });
      api.dismiss([IMAGE]);
      api.receive(IMAGE, { digest: 'sha256:bbb' });
      api.receive(IMAGE, { digest: 'sha256:bbb' });
      api.receive(IMAGE, { digest: 'sha256:ccc' });
    });

    const receipts = buildTimeline(imageEvents, deletions, names).flatMap((entry) =>
      entry.kind === 'received' ? [[entry.previousDigest, entry.body.digest]] : [],
    );

    expect(receipts).toEqual([
      [null, 'sha256:aaa'],
      ['sha256:aaa', 'sha256:bbb'],
      ['sha256:bbb', 'sha256:bbb'],
      ['sha256:bbb', 'sha256:ccc'],
    ]);
  });

  it('names tags, remembers the previous one, and shows the deletion of the image’s tag only', () => {
    const { imageEvents, deletions, names } = logAfter((api) => {
      api.receive(IMAGE);
      const production = api.addTag('production');
      const media = api.addTag('media');
      const unused = api.addTag('unused');
      api.tagImage(IMAGE, production);
      api.tagImage(IMAGE, media);
      api.deleteTag(unused.id);
      api.deleteTag(media.id);
      api.tagImage(IMAGE, production);
      api.tagImage(IMAGE, null);
    });

    const summary = buildTimeline(imageEvents, deletions, names).map((entry) => {
      switch (entry.kind) {
        case 'tagged':
          return `tagged ${entry.tag.name} (was ${entry.previousTag?.name ?? 'none'})`;
        case 'untagged':
          return `untagged (was ${entry.previousTag?.name ?? 'none'})`;
        case 'tag-deleted':
          return `${entry.tag.name} deleted`;
        default:
          return entry.kind;
      }
    });

    expect(summary).toEqual([
      'received',
      'tagged production (was none)',
      'tagged media (was production)',
      'media deleted',
      'tagged production (was none)',
      'untagged (was production)',
    ]);
  });

  it('orders by log position and uses DIUN’s receipt and the dismissal time', () => {
    const { imageEvents, deletions, names } = logAfter((api) => {
      api.receive(IMAGE, {}, '2026-03-01T10:00:00Z');
      api.dismiss([IMAGE], '2026-03-02T10:00:00Z');
    });

    const entries = buildTimeline([...imageEvents].reverse(), deletions, names);

    expect(entries.map((entry) => [entry.kind, entry.position, entry.at, entry.source])).toEqual([
      ['received', 1, '2026-03-01T10:00:00Z', 'webhook'],
      ['dismissed', 2, '2026-03-02T10:00:00Z', 'api'],
    ]);
  });
});
