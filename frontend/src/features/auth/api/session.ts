import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '@/api/context';
import { queryKeys } from '@/api/query-keys';

/** Who is signed in; fails with a 401 ApiError when sign-in is on and nobody is. */
export function useSession() {
  const api = useApiClient();
  return useQuery({ queryKey: queryKeys.session, queryFn: () => api.getSession(), retry: false });
}

/** Sign in with the password; on success every query reads again, now signed in. */
export function useSignIn() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => api.signIn(password),
    onSuccess: async (session) => {
      queryClient.setQueryData(queryKeys.session, session);
      await queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'session' });
    },
  });
}

/** Sign out: the server forgets the cookie; every query is reset, so the page asks for the password again. */
export function useSignOut() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.signOut(),
    onSuccess: () => queryClient.resetQueries(),
  });
}
