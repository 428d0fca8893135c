import { screen, within } from '@testing-library/react';
import { FakeApi } from '@/testing/fake-api';
import { renderApp } from '@/testing/render-app';
import { sampleServer } from '@/testing/sample';

describe('TagManager', () => {
  it('creates a tag, which then appears as an empty section', async () => {
    const { api, user } = renderApp({ api: sampleServer() });

    await user.type(await screen.findByRole('textbox', { name: 'New tag name' }), '  backups ');
    await user.click(screen.getByRole('button', { name: 'Add tag' }));

    expect(await screen.findByRole('region', { name: 'Tag backups' })).toHaveTextContent('No images yet');
    expect(screen.getByRole('textbox', { name: 'New tag name' })).toHaveValue('');
    expect(api.writes()).toEqual([{ method: 'POST', path: '/api/tags', body: { name: 'backups' } }]);
  });

  it('explains a rejected name inline', async () => {
    const { user } = renderApp({ api: sampleServer() });

    await user.type(await screen.findByRole('textbox', { name: 'New tag name' }), 'production');
    await user.click(screen.getByRole('button', { name: 'Add tag' }));

    const input = screen.getByRole('textbox', { name: 'New tag name' });
    expect(await screen.findByText('a tag named production already exists')).toBeInTheDocument();
    expect(input).toHaveAccessibleDescription('a tag named production already exists');
    expect(input).toBeInvalid();
  });

  it('asks before deleting a tag and says how many images it ungroups', async () => {
    const { api, user } = renderApp({ api: sampleServer() });
    const tags = within(await screen.findByRole('region', { name: 'Tags' }));

    await user.click(tags.getByRole('button', { name: 'Delete tag production' }));

    const dialog = screen.getByRole('dialog', { name: 'Delete tag “production”?' });
    expect(dialog).toHaveTextContent('2 images will be ungrouped and move to Untagged.');
    await user.click(within(dialog).getByRole('button', { name: 'Delete tag' }));

    expect(screen.queryByRole('region', { name: 'Tag production' })).not.toBeInTheDocument();
    const untagged = within(screen.getByRole('region', { name: 'Untagged' }));
    expect(untagged.getByRole('heading', { name: /nginx:1.25/ })).toBeInTheDocument();
    expect(api.writes()).toEqual([{ method: 'DELETE', path: '/api/tags/1', body: undefined }]);
  });

  it('says when a deleted tag holds no images', async () => {
    const { user } = renderApp({ api: sampleServer() });
    const tags = within(await screen.findByRole('region', { name: 'Tags' }));

    await user.click(tags.getByRole('button', { name: 'Delete tag media' }));

    expect(screen.getByRole('dialog')).toHaveTextContent('No images are in this tag.');
  });

  it('counts a tag’s images like the headings do, with separators', async () => {
    const api = new FakeApi();
    const fleet = api.addTag('fleet');
    for (let i = 0; i < 1_200; i += 1) {
      api.receive(`ghcr.io/fleet/service-${i}:1`);
      api.tagImage(`ghcr.io/fleet/service-${i}:1`, fleet);
    }
    renderApp({ api });
    const tags = within(await screen.findByRole('region', { name: 'Tags' }));

    expect(await tags.findByText('1,200')).toHaveTextContent('1,200 images');
  });
});
