// The shared styles first: every component's own styles, imported by it, come after and may refine them.
import './styles/tokens.css';
import './styles/base.css';
import './styles/controls.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from '@/api/client';
import { Dashboard } from '@/app/Dashboard';
import { AppProvider } from '@/app/provider';
import { SignInGate } from '@/features/auth/components/SignInGate';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <AppProvider api={createApiClient()}>
      <SignInGate>
        <Dashboard />
      </SignInGate>
    </AppProvider>
  </StrictMode>,
);
