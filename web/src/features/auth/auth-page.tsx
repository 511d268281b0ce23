// Sign in and register: one form, two modes. Messages say what to do next, in a teacher's words.
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../lib/problem';
import { Link, navigate } from '../../lib/router';
import { SESSION_LOST_MESSAGE, session, type SignedOutReason } from './session';

export function AuthPage({ mode, signedOutReason }: { mode: 'sign-in' | 'register'; signedOutReason: SignedOutReason }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const registering = mode === 'register';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (registering) await session.register(email, password, name);
      else await session.signIn(email, password);
      const returnTo = sessionStorage.getItem('ly.returnTo');
      sessionStorage.removeItem('ly.returnTo');
      navigate(returnTo?.startsWith('/') ? returnTo : '/', { replace: true });
    } catch (caught) {
      setError(explain(caught, registering));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="auth-page" id="main">
      <section className="auth-card" aria-labelledby="auth-title">
        <div className="brand-mark" aria-hidden="true">LY</div>
        <h1 id="auth-title">{registering ? 'Create your account' : 'Sign in'}</h1>
        <p className="auth-lead">Turn a photo of your timetable into a week you can use.</p>
        {signedOutReason === 'session-lost' && !error && (
          <p className="notice notice-warning" role="status">{SESSION_LOST_MESSAGE}</p>
        )}
        <form onSubmit={submit} noValidate>
          {registering && (
            <label className="field">
              <span>Your name</span>
              <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" required />
            </label>
          )}
          <label className="field">
            <span>E-mail</span>
            <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" required
              aria-invalid={error?.field === 'email' || undefined} />
          </label>
          <label className="field">
            <span>Password</span>
            <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required
              autoComplete={registering ? 'new-password' : 'current-password'}
              aria-invalid={error?.field === 'password' || undefined} />
          </label>
          {error && <p className="form-error" role="alert">{error.message}</p>}
          <button className="button button-primary button-wide" type="submit" disabled={busy}>
            {busy ? 'Please wait…' : registering ? 'Create account' : 'Sign in'}
          </button>
        </form>
        <p className="auth-switch">
          {registering ? 'Already have an account? ' : 'New here? '}
          <Link to={registering ? '/sign-in' : '/register'}>{registering ? 'Sign in' : 'Create an account'}</Link>
        </p>
      </section>
    </main>
  );
}

function explain(caught: unknown, registering: boolean): { message: string; field?: string } {
  if (caught instanceof ApiError) {
    if (caught.status === 401) {
      return { message: 'That e-mail and password do not match. Check both and try again.', field: 'password' };
    }
    if (caught.status === 409) return { message: 'An account with this e-mail already exists. Sign in instead.', field: 'email' };
    if (caught.status === 429) return { message: 'Too many tries. Wait a minute, then try again.' };
    if (caught.status === 400) return { message: caught.message, field: caught.field };
    return { message: `We could not ${registering ? 'create your account' : 'sign you in'} just now. Please try again.` };
  }
  return { message: 'We cannot reach the server. Check your connection and try again.' };
}
