import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { session } from './features/auth/session';
import './styles/app.css';
import './styles/print.css';

const root = createRoot(document.getElementById('root')!);
const render = (restoring: boolean) =>
  root.render(
    <StrictMode>
      <App restoring={restoring} />
    </StrictMode>,
  );

render(true);
session.restore().catch(() => undefined).finally(() => render(false));
