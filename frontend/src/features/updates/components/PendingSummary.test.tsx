import { screen, within } from '@testing-library/react';
import { FakeApi } from '@/testing/fake-api';
import { renderApp } from '@/testing/render-app';
import { sampleServer } from '@/testing/sample';

const summary = async () => within(await screen.findByRole('region', { name: 'Pending summary' }));

describe('PendingSummary', () => {
  it('counts what is pending by host, registry and tag', async () => {
    renderApp({ api: sampleServer() });
    const strip = await summary();
    const chips = (group: string) =>
      within(strip.getByRole('group', { name: group }))
        .getAllByRole('button')
        .map((chip) => chip.textContent);

    expect(chips('By host')).toEqual(['nas 2 pending', 'docker-host 1 pending', 'edge 1 pending']);
    expect(chips('By registry')).toEqual(['docker.io 2 pending', 'ghcr.io 1 pending', 'quay.io 1 pending']);
    expect(chips('By tag')).toEqual(['Untagged 3 pending', 'production 1 pending']);
  });

  it('filters the list by a chip, shows it pressed, and clears it on a second click', async () => {
    const { user } = renderApp({ api: sampleServer() });
    const chip = (await summary()).getByRole('button', { name: 'docker.io 2 pending' });
    expect(chip).toHaveAttribute('aria-pressed', 'false');

    await user.click(chip);

    expect(window.location.search).toBe('?registry=docker.io');
    expect(chip).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual([
      'nginx:1.25',
      'postgres:16',
      'linuxserver/jellyfin:latest',
    ]);

    await user.click(chip);

    expect(window.location.search).toBe('');
    expect(chip).toHaveAttribute('aria-pressed', 'false');
  });

  it('shows a filter from the URL with nothing pending as a pressed chip at 0 that turns it off', async () => {
    window.history.replaceState(null, '', '/?registry=registry.example.com');
    const { user } = renderApp({ api: sampleServer() });
    const chip = (await summary()).getByRole('button', { name: 'registry.example.com 0 pending' });
    expect(chip).toHaveAttribute('aria-pressed', 'true');

    await user.click(chip);

    expect(window.location.search).toBe('');
    expect(screen.getAllByRole('heading', { level: 3 })).toHaveLength(5);
  });

  it('shows the largest few of a group and the rest behind "+N more"', async () => {
    const api = new FakeApi();
    for (let i = 0; i < 7; i += 1) api.receive(`ghcr.io/acme/app-${i}:1`, { hostname: `node-${i}` });
    const { user } = renderApp({ api });
    const hosts = within((await summary()).getByRole('group', { name: 'By host' }));
    expect(hosts.getAllByRole('button', { pressed: false })).toHaveLength(4);

    await user.click(hosts.getByRole('button', { name: '+3 more' }));

    expect(hosts.getAllByRole('button', { pressed: false })).toHaveLength(7);
  });
});
