/** How the page names a host: DIUN may send none, and that host still needs a label. */
export function hostLabel(hostname: string): string {
  return hostname || '(no host name)';
}
