import { visibleText } from './visible-text';

/**
 * How the page names a host: DIUN may send none, and that host still needs a
 * label; characters that would disguise the name are shown, not obeyed.
 */
export function hostLabel(hostname: string): string {
  return visibleText(hostname) || '(no host name)';
}
