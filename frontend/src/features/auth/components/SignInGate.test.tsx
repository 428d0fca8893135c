import { useQuery } from '@tanstack/react-query';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useApiClient } from '@/api/context';
import { renderInProviders } from '@/testing/render-app';
import { SignInGate } from './SignInGate';

/** A server with sign-in on: 401 until the right password signs in. */
function signInServer(password: string, state = { signedIn: false }) {
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  const session = () => ({
    user: 'admin',
    via: 'session',
    read_only: false,
    sign_in_required: true,
    password_sign_in: true,
  });
  return async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const path = new URL(String(input), 'http://diundash.test/').pathname;
    if (path === '/api/session' && init.method === 'POST') {
      const body = JSON.parse(String(init.body)) as { password: string };
      if (body.password !== password)
        return json(401, { title: 'Wrong password', description: 'the password is wrong' });
      state.signedIn = true;
      return json(200, session());
    }
    if (!state.signedIn) return json(401, { title: 'Sign-in required', description: 'sign in' });
    return json(200, session());
  };
}

/** A page that polls the API, as the dashboard does. */
function PollingPage() {
  const api = useApiClient();
  useQuery({ queryKey: ['probe'], queryFn: () => api.getTags(), refetchInterval: 50 });
  return <p>the dashboard</p>;
}

function renderGate(fetchImpl: typeof fetch) {
  return renderInProviders(
    <SignInGate>
      <p>the dashboard</p>
    </SignInGate>,
    fetchImpl,
  );
}

describe('SignInGate', () => {
  it('asks for the password when the server answers 401, then shows the page', async () => {
    const user = userEvent.setup();
    renderGate(signInServer('open sesame'));

    const password = await screen.findByLabelText('Password');
    expect(screen.queryByText('the dashboard')).not.toBeInTheDocument();

    await user.type(password, 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('the password is wrong')).toHaveAttribute('role', 'alert');

    await user.clear(password);
    await user.type(password, 'open sesame');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('the dashboard')).toBeInTheDocument();
  });

  it('asks again when the session ends while the page is open', async () => {
    const user = userEvent.setup();
    const state = { signedIn: true };
    renderInProviders(
      <SignInGate>
        <PollingPage />
      </SignInGate>,
      signInServer('open sesame', state),
    );
    expect(await screen.findByText('the dashboard')).toBeInTheDocument();

    state.signedIn = false; // the session key was rotated, say: the next poll is a 401

    await user.type(await screen.findByLabelText('Password'), 'open sesame');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('the dashboard')).toBeInTheDocument();
  });

  it('shows the page at once when sign-in is off', async () => {
    const open = async () =>
      new Response(
        JSON.stringify({ user: null, via: null, read_only: false, sign_in_required: false, password_sign_in: false }),
        { status: 200, headers: { 'Content-Type': 'application/json' } },
      );
    renderGate(open);

    expect(await screen.findByText('the dashboard')).toBeInTheDocument();
    expect(screen.queryByLabelText('Password')).not.toBeInTheDocument();
  });
});
