import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from '@/api/client';
import { Dashboard } from '@/app/Dashboard';
import { AppProvider } from '@/app/provider';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <AppProvider api={createApiClient()}>
      <Dashboard />
    </AppProvider>
  </StrictMode>,
);
