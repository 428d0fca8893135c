import { useState } from 'react';
import { useSignIn } from '../api/session';
import './SignInForm.css';

/** The password form shown while nobody is signed in. */
export function SignInForm() {
  const signIn = useSignIn();
  const [password, setPassword] = useState('');
  return (
    <main className="sign-in">
      <form
        className="sign-in__form"
        aria-labelledby="sign-in-title"
        onSubmit={(event) => {
          event.preventDefault();
          signIn.mutate(password);
        }}
      >
        <h1 id="sign-in-title">diundash</h1>
        <label className="sign-in__label">
          Password
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            autoFocus
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        {signIn.error && (
          <p className="sign-in__error" role="alert">
            {signIn.error.message}
          </p>
        )}
        <button type="submit" className="button" disabled={signIn.isPending || password === ''}>
          Sign in
        </button>
      </form>
    </main>
  );
}
