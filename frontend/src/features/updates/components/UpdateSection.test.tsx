import { screen, waitFor, within } from '@testing-library/react';
import { FakeApi } from '@/testing/fake-api';
import { renderApp } from '@/testing/render-app';

describe('UpdateSection', () => {
  it('renders a large section in steps, with a button for the rest', async () => {
    const api = new FakeApi();
    for (let i = 0; i < 150; i += 1) api.receive(`ghcr.io/fleet/service-${i}:1`);
    const { user } = renderApp({ api });
    const section = within(await screen.findByRole('region', { name: 'Untagged' }));

    expect(section.getByText('150 images · 150 pending')).toBeInTheDocument();
    expect(section.getAllByRole('heading', { level: 3 })).toHaveLength(100);

    await user.click(section.getByRole('button', { name: 'Show all 150 in Untagged' }));

    expect(section.getAllByRole('heading', { level: 3 })).toHaveLength(150);
    expect(section.queryByRole('button', { name: /^Show/ })).not.toBeInTheDocument();
  });

  it('draws a big fleet a screenful first, then the rest of the step, and acts on it as on a small one', async () => {
    const api = new FakeApi();
    for (let i = 0; i < 1_200; i += 1) api.receive(`ghcr.io/fleet/service-${i}:1`);
    const { user } = renderApp({ api });
    const region = await screen.findByRole('region', { name: 'Untagged' });
    // Counted without role queries, which would walk hundreds of cards on every step.
    const drawn = () => region.querySelectorAll('[data-image]').length;

    expect(drawn()).toBeLessThan(100);
    await waitFor(() => expect(drawn()).toBe(100), { timeout: 15_000 });
    expect(within(region).getByRole('button', { name: 'Show 400 more (1,200 in Untagged)' })).toBeInTheDocument();

    await user.click(within(region).getAllByRole('button', { name: /^Dismiss ghcr.io/ })[0] as HTMLElement);
    expect(
      await within(region).findByText('1,200 images · 1,199 pending', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
  });

  it('says how many more a step shows and how many the section holds, counts with separators', async () => {
    const api = new FakeApi();
    for (let i = 0; i < 1_050; i += 1) api.receive(`ghcr.io/fleet/service-${i}:1`);
    renderApp({ api });
    const section = within(await screen.findByRole('region', { name: 'Untagged' }));

    expect(section.getByText('1,050 images · 1,050 pending')).toBeInTheDocument();
    expect(section.getByRole('button', { name: 'Show 400 more (1,050 in Untagged)' })).toBeInTheDocument();
  });
});

describe('collapsing a section', () => {
  function twoSections() {
    const api = new FakeApi();
    const production = api.addTag('production');
    api.receive('docker.io/library/nginx:1.25');
    api.receive('ghcr.io/acme/api:2');
    api.tagImage('docker.io/library/nginx:1.25', production);
    return api;
  }

  it('hides its cards behind its heading’s button, and remembers it after a reload', async () => {
    const api = twoSections();
    const first = renderApp({ api });
    const toggle = await screen.findByRole('button', { name: 'Tag production' });
    expect(toggle).toHaveAttribute('aria-expanded', 'true');

    await first.user.click(toggle);

    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(document.getElementById(toggle.getAttribute('aria-controls') ?? '')).not.toBeVisible();
    expect(screen.queryByRole('heading', { name: 'nginx:1.25' })).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'acme/api:2' })).toBeVisible();
    const production = within(screen.getByRole('region', { name: 'Tag production' }));
    expect(production.getByText('1 image · 1 pending')).toBeInTheDocument();

    first.unmount();
    renderApp({ api });
    expect(await screen.findByRole('button', { name: 'Tag production' })).toHaveAttribute('aria-expanded', 'false');
    expect(screen.getByRole('button', { name: 'Untagged' })).toHaveAttribute('aria-expanded', 'true');
  });

  it('is undone by a jump from the list of sections, which focuses the heading', async () => {
    const { user } = renderApp({ api: twoSections() });
    await user.click(await screen.findByRole('button', { name: 'Tag production' }));
    const sections = within(screen.getByRole('navigation', { name: 'Sections' }));
    expect(sections.getAllByRole('link').map((link) => link.textContent)).toEqual([
      'production 1 (1 image)',
      'Untagged 1 (1 image)',
    ]);

    await user.click(sections.getByRole('link', { name: 'production (1 image)' }));

    const toggle = screen.getByRole('button', { name: 'Tag production' });
    expect(toggle).toHaveFocus();
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByRole('heading', { name: 'nginx:1.25' })).toBeVisible();
    expect(window.location.hash).toBe('');
  });
});
