import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { CloseIcon } from './icons';
import './toasts.css';

type Tone = 'info' | 'error';
type Toast = { id: number; message: string; tone: Tone };
type ShowToast = (message: string, tone?: Tone) => void;

const ToastContext = createContext<ShowToast | null>(null);
const VISIBLE_MS = 6000;

/** Holds the toasts and renders them in two live regions (polite for news, assertive for errors). */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => {
    setToasts((current) => current.filter((toast) => toast.id !== id));
  }, []);

  const show = useCallback<ShowToast>(
    (message, tone = 'info') => {
      const id = nextId.current++;
      setToasts((current) => [...current.slice(-3), { id, message, tone }]);
      setTimeout(() => dismiss(id), VISIBLE_MS);
    },
    [dismiss],
  );

  return (
    <ToastContext.Provider value={show}>
      {children}
      <div className="toasts">
        <ToastRegion toasts={toasts} tone="info" role="status" onDismiss={dismiss} />
        <ToastRegion toasts={toasts} tone="error" role="alert" onDismiss={dismiss} />
      </div>
    </ToastContext.Provider>
  );
}

type ToastRegionProps = { toasts: Toast[]; tone: Tone; role: 'status' | 'alert'; onDismiss: (id: number) => void };

function ToastRegion({ toasts, tone, role, onDismiss }: ToastRegionProps) {
  const mine = useMemo(() => toasts.filter((toast) => toast.tone === tone), [toasts, tone]);
  return (
    <div role={role} className="toasts__region">
      {mine.map((toast) => (
        <div key={toast.id} className={`toast toast--${tone}`}>
          <span>{toast.message}</span>
          <button
            type="button"
            className="icon-button"
            aria-label="Close notification"
            onClick={() => onDismiss(toast.id)}
          >
            <CloseIcon />
          </button>
        </div>
      ))}
    </div>
  );
}

export function useToast(): ShowToast {
  const show = useContext(ToastContext);
  if (!show) throw new Error('useToast needs a <ToastProvider>');
  return show;
}
