import { defineUrlState, urlParam, useUrlState } from './url-state';

export const PAGE_VIEWS = ['updates', 'activity', 'hosts', 'notifications', 'insights'] as const;
export type PageView = (typeof PAGE_VIEWS)[number];

/**
 * What the page shows: the view (`?view=activity`, `?view=hosts`,
 * `?view=notifications`, `?view=insights`), the image whose history is
 * open (`?image=<ref>`), and the past moment shown instead of the live state
 * (`?as_of=<time or position>`).
 */
export type PageParams = {
  view: PageView;
  image: string | null;
  asOf: string | null;
};

export const pageUrl = defineUrlState<PageParams>({
  view: urlParam.oneOf('view', PAGE_VIEWS, 'updates'),
  image: urlParam.optional('image'),
  asOf: urlParam.optional('as_of', { trim: true }),
});

/** The page parameters from the URL, re-read on every navigation. */
export function usePageParams(): PageParams {
  return useUrlState(pageUrl)[0];
}
