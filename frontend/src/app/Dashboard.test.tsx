import { act, screen, waitFor, within } from '@testing-library/react';
import { queryKeys } from '@/api/query-keys';
import { FakeApi } from '@/testing/fake-api';
import { renderApp } from '@/testing/render-app';
import { sampleServer } from '@/testing/sample';

describe('Dashboard', () => {
  it('explains how to point DIUN here while there are no updates', async () => {
    renderApp();

    const setup = await screen.findByRole('region', { name: 'No updates yet' });
    expect(setup).toHaveTextContent(`endpoint: ${window.location.origin}/webhook`);
    expect(setup).toHaveTextContent('method: POST');
    expect(setup).toHaveTextContent('authorization: <your WEBHOOK_SECRET>');
    expect(within(setup).getByRole('button', { name: 'Copy diun.yml' })).toBeInTheDocument();
  });

  it('leaves Content-Type out of the environment variables, which diundash does not need', async () => {
    renderApp();

    const setup = await screen.findByRole('region', { name: 'No updates yet' });
    const [yaml, env] = within(setup).getAllByRole('figure');
    expect(yaml).toHaveTextContent('content-type: application/json');
    expect(env?.textContent).toContain('DIUN_NOTIF_WEBHOOK_METHOD=POST');
    expect(env?.textContent).toContain('DIUN_NOTIF_WEBHOOK_HEADERS_AUTHORIZATION=<your WEBHOOK_SECRET>');
    expect(env?.textContent).not.toMatch(/CONTENT-TYPE|CONTENT_TYPE/i);
  });

  it('says when the server cannot be reached, and recovers by itself', async () => {
    const api = new FakeApi();
    api.offline = true;
    const { queryClient } = renderApp({ api });

    const error = await screen.findByRole('heading', { name: 'Can’t load updates' });
    expect(error.parentElement).toHaveTextContent('The diundash server cannot be reached.');
    expect(error.parentElement).toHaveTextContent('Retrying every 5 s.');

    api.offline = false;
    api.receive('nginx:1.25');
    await act(() => queryClient.refetchQueries({ queryKey: queryKeys.updates }));

    expect(await screen.findByRole('heading', { name: /nginx/ })).toBeInTheDocument();
  });

  it('keeps showing the last data with a warning when polls start failing', async () => {
    const api = sampleServer();
    const { queryClient } = renderApp({ api });
    await screen.findByRole('heading', { name: /nginx/ });

    api.offline = true;
    await act(() => queryClient.refetchQueries({ queryKey: queryKeys.updates }));

    expect(await screen.findByText('Connection lost.')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: /nginx/ })).toBeInTheDocument();
    expect(screen.getByText('Reconnecting…')).toBeInTheDocument();
  });

  it('counts pending updates in the badge and the tab title', async () => {
    const { user } = renderApp({ api: sampleServer() });

    expect(await screen.findByText('4 pending updates')).toBeInTheDocument();
    expect(document.title).toBe('(4) diundash');

    for (const button of screen.getAllByRole('button', { name: /^Dismiss (?!all|pending)/ })) {
      await user.click(button);
    }

    expect(await screen.findByText('0 pending updates')).toBeInTheDocument();
    expect(document.title).toBe('diundash');
  });

  it('names the time travel button and gives it a tooltip without its text, which a phone hides', async () => {
    renderApp();

    const button = await screen.findByRole('button', { name: 'Time travel' });
    expect(button).toHaveAttribute('aria-label', 'Time travel');
    expect(button).toHaveAttribute('title', expect.stringMatching(/^Time travel: /));
  });

  it('announces updates that arrive while the page is open, not those already there', async () => {
    const api = sampleServer();
    const { queryClient } = renderApp({ api });
    await screen.findByRole('heading', { name: /nginx/ });
    expect(screen.getByRole('status', { name: '' }).textContent).toBe('');

    api.receive('docker.io/library/redis:7.4', { status: 'new' });
    await act(() => queryClient.refetchQueries({ queryKey: queryKeys.updates }));

    expect(await screen.findByText('New update: docker.io/library/redis:7.4')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: /redis:7.4/ })).toBeInTheDocument();
    expect(document.title).toBe('(5) diundash');
  });

  it('announces nothing when a host is forgotten and an image falls back to an older receipt', async () => {
    const api = sampleServer();
    api.receive('docker.io/library/nginx:1.25', { status: 'update', hostname: 'nas' });
    const { queryClient } = renderApp({ api });
    await screen.findByRole('heading', { name: /nginx/ });

    api.forgetHost('nas');
    await act(() => queryClient.refetchQueries({ queryKey: queryKeys.updates }));

    await waitFor(() => expect(screen.queryByRole('heading', { name: /home-assistant/ })).not.toBeInTheDocument());
    expect(screen.getByRole('heading', { name: /nginx/ })).toBeInTheDocument();
    expect(screen.getByRole('status', { name: '' }).textContent).toBe('');
  });
});
