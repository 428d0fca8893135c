import { useEffect, useState } from 'react';
import { copyText } from '@/lib/clipboard';
import { CheckIcon, CopyIcon } from './icons';
import { useToast } from './toasts';

type CopyButtonProps = { text: string; label: string };

/** Copies `text` to the clipboard and confirms with a tick for a moment. */
export function CopyButton({ text, label }: CopyButtonProps) {
  const [copied, setCopied] = useState(false);
  const toast = useToast();

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    try {
      await copyText(text);
      setCopied(true);
    } catch (error) {
      toast(`Could not copy: ${error instanceof Error ? error.message : String(error)}`, 'error');
    }
  };

  return (
    <button
      type="button"
      className="icon-button icon-button--small"
      aria-label={copied ? 'Copied' : label}
      title={label}
      onClick={copy}
    >
      {copied ? <CheckIcon /> : <CopyIcon />}
    </button>
  );
}
