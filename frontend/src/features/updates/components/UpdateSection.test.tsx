import { screen, within } from '@testing-library/react';
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

  it('says how many more a step shows and how many the section holds, counts with separators', async () => {
    const api = new FakeApi();
    for (let i = 0; i < 1_050; i += 1) api.receive(`ghcr.io/fleet/service-${i}:1`);
    renderApp({ api });
    const section = within(await screen.findByRole('region', { name: 'Untagged' }));

    expect(section.getByText('1,050 images · 1,050 pending')).toBeInTheDocument();
    expect(section.getByRole('button', { name: 'Show 400 more (1,050 in Untagged)' })).toBeInTheDocument();
  });
});
