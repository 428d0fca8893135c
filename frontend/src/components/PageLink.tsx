import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { useLocationSearch } from '@/lib/location';
import { hrefOf, navigatePage, pageSearch, type PageParams } from '@/lib/page-params';

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
    navigatePage(to);
  };
  return <a href={hrefOf(pageSearch(to, search))} onClick={follow} {...props} />;
}
