import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { useLocationSearch } from '@/lib/location';
import { pageUrl, type PageParams } from '@/lib/page-url';
import { hrefOf } from '@/lib/url-state';

type PageLinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: Partial<PageParams> };

/**
 * A link to another state of this page (a view, an image's history, a past
 * moment). A plain click navigates without a reload; a modified click (new
 * tab, new window) keeps the browser's behaviour, so it also works as a link.
 */
export function PageLink({ to, onClick, ...props }: PageLinkProps) {
  const search = useLocationSearch();
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented) return;
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    pageUrl.navigate(to);
  };
  return <a href={hrefOf(pageUrl.search(to, search))} onClick={follow} {...props} />;
}
