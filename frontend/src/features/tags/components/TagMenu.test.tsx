import { createEvent, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderApp } from '@/testing/render-app';
import { sampleServer } from '@/testing/sample';

const JELLYFIN = 'docker.io/linuxserver/jellyfin:latest';

describe('assigning tags', () => {
  it('tags an image from its menu with the keyboard alone', async () => {
    const { api, user } = renderApp({ api: sampleServer() });
    const button = await screen.findByRole('button', { name: `Tag of ${JELLYFIN}: No tag` });

    button.focus();
    await user.keyboard('{Enter}');
    const menu = screen.getByRole('menu', { name: `Tag for ${JELLYFIN}` });
    expect(within(menu).getByRole('menuitemradio', { name: 'No tag' })).toHaveFocus();
    expect(within(menu).getByRole('menuitemradio', { name: 'No tag' })).toBeChecked();
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');

    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    const production = within(screen.getByRole('region', { name: 'Tag production' }));
    expect(production.getByRole('heading', { name: /jellyfin/ })).toBeInTheDocument();
    expect(api.writes()).toEqual([
      { method: 'PUT', path: '/api/tag-assignments', body: { image: JELLYFIN, tag_id: 1 } },
    ]);
  });

  it('removes a tag from the menu', async () => {
    const { api, user } = renderApp({ api: sampleServer() });

    await user.click(await screen.findByRole('button', { name: 'Tag of docker.io/library/nginx:1.25: production' }));
    await user.click(screen.getByRole('menuitemradio', { name: 'No tag' }));

    expect(
      within(screen.getByRole('region', { name: 'Untagged' })).getByRole('heading', { name: /nginx/ }),
    ).toBeInTheDocument();
    expect(api.writes()).toEqual([
      { method: 'DELETE', path: '/api/tag-assignments', body: { image: 'docker.io/library/nginx:1.25' } },
    ]);
  });

  it('closes with Escape, returning focus to its button', async () => {
    const { api, user } = renderApp({ api: sampleServer() });
    const button = await screen.findByRole('button', { name: `Tag of ${JELLYFIN}: No tag` });

    await user.click(button);
    await user.keyboard('{Escape}');

    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(button).toHaveFocus();
    expect(api.writes()).toEqual([]);
  });

  it('sits in the page’s main landmark, and Tab goes on from its button', async () => {
    const { user } = renderApp({ api: sampleServer() });
    const button = await screen.findByRole('button', { name: `Tag of ${JELLYFIN}: No tag` });

    await user.click(button);
    expect(screen.getByRole('main')).toContainElement(screen.getByRole('menu'));
    await user.tab();

    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: `History of ${JELLYFIN}` })).toHaveFocus();
  });

  it('tags an image dropped on a tag section', async () => {
    const { api } = renderApp({ api: sampleServer() });
    const card = await screen.findByRole('listitem', { name: /jellyfin/ });
    const media = screen.getByRole('region', { name: 'Tag media' });
    const dataTransfer = fakeDataTransfer();

    fireEvent.dragStart(dragHandleOf(card), { dataTransfer });
    const over = createEvent.dragOver(media, { dataTransfer });
    fireEvent(media, over);
    expect(over.defaultPrevented).toBe(true);
    fireEvent.drop(media, { dataTransfer });

    expect(await within(media).findByRole('heading', { name: /jellyfin/ })).toBeInTheDocument();
    expect(api.writes()).toEqual([
      { method: 'PUT', path: '/api/tag-assignments', body: { image: JELLYFIN, tag_id: 2 } },
    ]);
  });

  it('untags an image dropped on Untagged, and ignores drops of anything else', async () => {
    const { api } = renderApp({ api: sampleServer() });
    const card = await screen.findByRole('listitem', { name: /nginx/ });
    const untagged = screen.getByRole('region', { name: 'Untagged' });

    const text = fakeDataTransfer({ 'text/plain': 'hello' });
    const foreign = createEvent.dragOver(untagged, { dataTransfer: text });
    fireEvent(untagged, foreign);
    expect(foreign.defaultPrevented).toBe(false);

    const dataTransfer = fakeDataTransfer();
    fireEvent.dragStart(dragHandleOf(card), { dataTransfer });
    fireEvent.drop(untagged, { dataTransfer });

    await waitFor(() =>
      expect(api.writes()).toEqual([
        { method: 'DELETE', path: '/api/tag-assignments', body: { image: 'docker.io/library/nginx:1.25' } },
      ]),
    );
    expect(await within(untagged).findByRole('heading', { name: /nginx/ })).toBeInTheDocument();
  });
});

/** A card is dragged from its handle only (its text stays selectable). */
function dragHandleOf(card: HTMLElement): Element {
  const handle = card.querySelector('[draggable="true"]');
  if (handle === null) throw new Error('the card has no drag handle');
  return handle;
}

/** jsdom has no DataTransfer: a minimal one that carries data between drag events. */
function fakeDataTransfer(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    dropEffect: 'none',
    effectAllowed: 'all',
    get types() {
      return [...data.keys()];
    },
    setData: (type: string, value: string) => data.set(type, value),
    getData: (type: string) => data.get(type) ?? '',
  };
}
