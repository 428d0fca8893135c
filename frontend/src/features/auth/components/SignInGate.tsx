import type { ReactNode } from 'react';
import { ApiError } from '@/api/client';
import { useSession } from '../api/session';
import { SignInForm } from './SignInForm';

/**
 * The page when the server lets us in; the sign-in form when it answers 401
 * (sign-in is on and nobody is signed in). Any other failure shows the page,
 * which has its own states for a server that cannot be reached.
 */
export function SignInGate({ children }: { children: ReactNode }) {
  const session = useSession();
  if (session.isPending) return null;
  if (session.error instanceof ApiError && session.error.status === 401) return <SignInForm />;
  return <>{children}</>;
}
