import { useSession, useSignOut } from '../api/session';

/** "Sign out", for whoever signed in on this page with the password (a token or a proxy signs nobody in here). */
export function SignOutButton() {
  const session = useSession();
  const signOut = useSignOut();
  if (session.data?.via !== 'session') return null;
  return (
    <button
      type="button"
      className="button button--small button--quiet"
      title={`Signed in as ${session.data.user ?? ''}`}
      disabled={signOut.isPending}
      onClick={() => signOut.mutate()}
    >
      Sign out
    </button>
  );
}
